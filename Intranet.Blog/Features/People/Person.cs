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
    public int Level { get; init; }
    public string Role { get; init; } = "";
    public string Locale { get; init; } = "de";
    public bool IsActive { get; init; }
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
