using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.People;

public static class DirectoryLimits
{
    public const int Search = 100;
    public const int Page = 30;
}

/// Status is the sentence a screen reader announces with the results; MoreUrl the next page, null on the last.
public sealed record DirectoryView(
    IReadOnlyList<PersonCard> People, IReadOnlyList<Department> Departments, string? Query, long? DepartmentId, string Status, string? MoreUrl);

public sealed record OrgNode(PersonCard Person, IReadOnlyList<OrgNode> Reports);

/// The directory and the org chart.
public sealed class DirectoryQuery(PeopleStore people, DepartmentStore departments, IStringLocalizer<SharedResource> t)
{
    /// Name, title or department containing the search text, ignoring case (umlauts included) and Unicode
    /// composition; a page ends as soon as it is full, so a common search reads only a few rows.
    public async Task<DirectoryView> DirectoryAsync(string? query, long? departmentId, string? afterName, long afterId, CancellationToken ct)
    {
        var search = query?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, DirectoryLimits.Search)] : null;
        var needle = search is null ? null : Handles.Fold(search);
        var page = new List<PersonCard>();
        PersonCard? next = null;
        await foreach (var person in people.DirectoryAsync(departmentId, afterName ?? "", afterId, ct))
        {
            if (needle is not null && !Matches(person, needle))
            {
                continue;
            }

            if (page.Count == DirectoryLimits.Page)
            {
                next = page[^1];
                break;
            }

            page.Add(person);
        }

        var status = next is not null ? t["More than {0} people found.", page.Count].Value : t.Plural("{0} people found.", page.Count);
        var more = next is null ? null : $"/people?q={Uri.EscapeDataString(search ?? "")}&department={departmentId}&afterName={Uri.EscapeDataString(next.DisplayName)}&afterId={next.Id}";
        return new DirectoryView(page, await departments.ListAsync(ct), search, departmentId, status, more);
    }

    public async Task<IReadOnlyList<OrgNode>> OrgChartAsync(CancellationToken ct) => BuildTree(await people.ActivePeopleAsync(ct));

    /// People without an (active) manager are roots; the input's name order is kept at every level.
    public static IReadOnlyList<OrgNode> BuildTree(IReadOnlyList<PersonCard> people)
    {
        var active = people.Select(p => p.Id).ToHashSet();
        var byManager = people.Where(p => p.ManagerId is { } m && active.Contains(m)).ToLookup(p => p.ManagerId!.Value);
        var placed = new HashSet<long>();

        OrgNode Build(PersonCard person) =>
            new(person, placed.Add(person.Id) ? byManager[person.Id].Where(r => !placed.Contains(r.Id)).Select(Build).ToList() : []);

        return people.Where(p => p.ManagerId is not { } m || !active.Contains(m)).Select(Build).ToList();
    }

    private static bool Matches(PersonCard person, string needle) =>
        Handles.Fold(person.DisplayName).Contains(needle, StringComparison.Ordinal)
        || Handles.Fold(person.Title).Contains(needle, StringComparison.Ordinal)
        || (person.DepartmentName is { } d && Handles.Fold(d).Contains(needle, StringComparison.Ordinal));
}
