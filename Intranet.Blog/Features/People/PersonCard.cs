namespace Intranet.Blog.Features.People;

/// A person as everything else shows them: the byline of a post or comment, a row of the directory, a node of the
/// org chart, a manager or report. The one projection of users for that; a question that needs more (a profile,
/// the admin's record) adds its own fields next to a card.
public sealed record PersonCard
{
    public long Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
    public int Level { get; init; }
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public long? ManagerId { get; init; }
    public bool IsActive { get; init; }
    public string? Photo { get; init; }

    public Avatar Avatar(string size = "") => new(Id, DisplayName, Photo, size);
}

/// The SQL of PersonCard, for every query that shows a person next to what it lists: select Columns from a users
/// row aliased u, with JoinDepartment. Its first column is "id", where Dapper's multi-mapping starts the card
/// (splitOn: "id" finds the last column of that name).
public static class PersonCardSql
{
    public const string Columns =
        "u.id, u.display_name, u.title, u.level, u.department_id, ud.name AS department_name, u.manager_id, u.is_active, u.photo";

    public const string JoinDepartment = "LEFT JOIN departments ud ON ud.id = u.department_id";
}

/// What the _Avatar partial draws: the photo when there is one, else the initials on a colour stable per person.
public sealed record Avatar(long PersonId, string Name, string? Photo, string Size = "");

/// A people search (PeopleStore.SearchAsync). ByRelevance: best matches first (the search box, @ suggestions);
/// otherwise in name order from the cursor (AfterName, AfterId) on, as the directory and the admin's list page.
public sealed record PeopleSearch(string? Text, int Take)
{
    public bool ActiveOnly { get; init; } = true;
    public long? DepartmentId { get; init; }
    public string AfterName { get; init; } = "";
    public long AfterId { get; init; }
    public bool ByRelevance { get; init; }
}
