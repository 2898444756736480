namespace Intranet.Blog.Features.People;

/// A person's profile page: the organisation's facts plus what they wrote about themselves.
public sealed record Profile
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public long? ManagerId { get; init; }
    public int Level { get; init; }
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public string? Photo { get; init; }
    public string Bio { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Location { get; init; } = "";

    /// What to type after "@" to mention this person.
    public string? Handle { get; init; }
}

/// A person as lists show them: directory rows, org-chart nodes, managers and reports.
public sealed record PersonCard
{
    public long Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Photo { get; init; }
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public long? ManagerId { get; init; }
    public bool IsActive { get; init; }

    public Avatar Avatar(string size = "") => new(Id, DisplayName, Photo, size);
}

/// The fields a person edits on their own profile; Photo is an upload name or null.
public sealed record ProfileFields(string Bio, string Phone, string Location, string? Photo);

public static class ProfileLimits
{
    public const int Bio = 1_000;
    public const int Phone = 40;
    public const int Location = 100;
    public const int Search = 100;
    public const int DirectoryPage = 30;
}

/// What the _Avatar partial draws: the photo when there is one, else the initials on a colour stable per person.
public sealed record Avatar(long PersonId, string Name, string? Photo, string Size = "");
