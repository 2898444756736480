using Intranet.Blog.Infrastructure.Localization;
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
    /// Without a search, everyone active in name order; with one, the one people search (PeopleStore.SearchAsync:
    /// name, title, department, bio, handle, every word as the start of one, case and umlaut spellings folded).
    /// Text without any word (punctuation alone) finds nobody.
    public async Task<DirectoryView> DirectoryAsync(string? query, long? departmentId, string? afterName, long afterId, CancellationToken ct)
    {
        var search = query?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, DirectoryLimits.Search)] : null;
        var page = new List<PersonCard>();
        if (search is not null)
        {
            var request = new PeopleSearch(search, DirectoryLimits.Page + 1) { DepartmentId = departmentId, AfterName = afterName ?? "", AfterId = afterId };
            page.AddRange(await people.SearchAsync(request, ct) ?? []);
        }
        else
        {
            await foreach (var person in people.DirectoryAsync(departmentId, afterName ?? "", afterId, ct))
            {
                page.Add(person);
                if (page.Count > DirectoryLimits.Page)
                {
                    break;
                }
            }
        }

        PersonCard? next = null;
        if (page.Count > DirectoryLimits.Page)
        {
            page.RemoveAt(page.Count - 1);
            next = page[^1];
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
}
