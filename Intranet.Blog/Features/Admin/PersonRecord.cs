using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Admin;

/// A person as the admin screens list and edit them: the card, with e-mail, manager, role and whether a password is set.
public sealed record PersonRecord
{
    public PersonCard Card { get; init; } = new();
    public string Email { get; init; } = "";
    public string? ManagerName { get; init; }
    public string? ManagerEmail { get; init; }
    public string Role { get; init; } = "";
    public bool HasPassword { get; init; }
    public string? DirectoryId { get; init; }
}

/// Someone a set-password link is for. Properties, not a positional record: Dapper maps SQLite's integer to the bool.
public sealed record PasswordTarget
{
    public long Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string Email { get; init; } = "";
    public bool HasPassword { get; init; }
    public string Role { get; init; } = "";
    public string? DirectoryId { get; init; }
}

/// What the store writes for a person; the password hash is set separately.
public sealed record PersonFields(string Email, string DisplayName, string Title, long? DepartmentId, long? ManagerId, string Role);

/// One person in the org chart as the CSV import sees it: who they are, where they work and who they report to.
public sealed record OrgEntry
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public long? DepartmentId { get; init; }
    public long? ManagerId { get; init; }
}

/// The fields an org-chart import may change on a person; email, role and password stay as they are.
public sealed record OrgFields(long Id, string DisplayName, string Title, long? DepartmentId, long? ManagerId);

/// A page of the admin's people list: keyset by (display name, id), optionally within one department and/or
/// matching a search text in name or e-mail.
public sealed record PeopleQuery(long? DepartmentId, string AfterName, long AfterId, int Take);
