namespace Intranet.Blog.Features.People;

public sealed record Person
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public long? ManagerId { get; init; }
    public string? ManagerName { get; init; }
    public string? ManagerEmail { get; init; }
    public int Level { get; init; }
    public string Role { get; init; } = "";
    public string Locale { get; init; } = "de";
    public bool IsActive { get; init; }
    public bool HasPassword { get; init; }
}

public sealed record SignInRecord
{
    public long Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string? PasswordHash { get; init; }
    public bool IsActive { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public string Role { get; init; } = "";
    public string Locale { get; init; } = "de";
    public string SecurityStamp { get; init; } = "";
}

public sealed record SessionRecord
{
    public bool IsActive { get; init; }
    public string SecurityStamp { get; init; } = "";
}

public sealed record Department
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int PeopleCount { get; init; }
}

/// What the store writes for a person; the password hash is set separately.
public sealed record PersonFields(string Email, string DisplayName, string Title, long? DepartmentId, long? ManagerId, string Role);

/// One person in the org chart as the CSV import sees it: who they are and who they report to.
public sealed record OrgEntry
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public long? ManagerId { get; init; }
}

/// The fields an org-chart import may change on a person; email, role and password stay as they are.
public sealed record OrgFields(long Id, string DisplayName, string Title, long? DepartmentId, long? ManagerId);

/// A page of the admin's people list: keyset by (display name, id), optionally within one department and/or
/// matching a search text in name or e-mail.
public sealed record PeopleQuery(long? DepartmentId, string? Search, string AfterName, long AfterId, int Take);
