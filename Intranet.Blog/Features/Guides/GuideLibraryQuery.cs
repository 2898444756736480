using System.Data.Common;
using System.Globalization;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Guides;

/// One guide in a library: pinned (in the curators' order) or ranked by usefulness.
public sealed record GuideEntry(PostRow Guide, bool Pinned, int Usefulness);

public sealed record TopicChoice(string Key, string Name, string Url, bool Current);

/// One department's guides. AllUrl is the library without a topic filter; WriteUrl the address of a new guide for the
/// department; MayCurate whether the viewer pins and unpins its guides. A page lists the pinned guides and the most
/// useful others; FullUrl (null when nothing is left out) lists all Total of them.
public sealed record GuideLibraryView(
    long DepartmentId, string? DepartmentName, IReadOnlyList<GuideEntry> Guides, IReadOnlyList<TopicChoice> Topics, string? Topic, string AllUrl, string WriteUrl,
    bool MayCurate)
{
    public int Total { get; init; } = Guides.Count;

    public string? FullUrl { get; init; }
}

/// The guides page: every department's library, departments in tree order, or one department's whole library.
/// AllTopicsUrl: the same page without a topic filter.
public sealed record GuidesPageView(IReadOnlyList<GuideLibraryView> Libraries, IReadOnlyList<TopicChoice> Topics, string? Topic, int Count, string AllTopicsUrl = "/guides");

/// Guide libraries: a department's guides with its pinned ones first in the curators' order, then the others by
/// usefulness over the last 90 days (reactions on the guide, comments, distinct readers), newest first on a tie.
public sealed class GuideLibraryQuery(
    Database db, PostStore posts, ReactionStore reactions, CommentStore comments, ReachStore reach, TopicStore topics,
    PinStore pins, DepartmentStore departments, CurationRights rights, TimeProvider clock)
{
    public static readonly TimeSpan UsefulnessWindow = TimeSpan.FromDays(90);

    /// How many unpinned guides a department's page and the guides page list per department: enough to find the
    /// useful ones, few enough that the department's posts below stay in reach with hundreds of guides.
    public const int OnDepartmentPage = 10;
    public const int OnGuidesPage = 5;

    public async Task<GuideLibraryView> DepartmentAsync(long departmentId, string? topic, string baseUrl, bool mayCurate, CancellationToken ct)
    {
        var key = Key(topic);
        await using var connection = await db.OpenAsync(ct);
        var pinned = await pins.PinnedPostIdsAsync(connection, departmentId, clock.GetUtcNow(), ct);
        var guides = await posts.GuidesAsync(connection, departmentId, key, pinned, ct);
        var all = key is null ? guides : await posts.GuidesAsync(connection, departmentId, null, pinned, ct);
        var ranked = await RankAsync(connection, guides, pinned, ct);
        return Shortened(new GuideLibraryView(departmentId, null, ranked, await TopicsAsync(connection, all, key, baseUrl, ct), key, baseUrl, WriteUrl(departmentId), mayCurate),
            OnDepartmentPage);
    }

    /// One department's whole library (/guides?department=id); null when there is no such department.
    public async Task<GuidesPageView?> WholeLibraryAsync(Viewer viewer, long departmentId, string? topic, CancellationToken ct)
    {
        if (await departments.GetAsync(departmentId, ct) is not { } department)
        {
            return null;
        }

        var key = Key(topic);
        var mayCurate = await rights.MayCurateAsync(viewer, departmentId, ct);
        await using var connection = await db.OpenAsync(ct);
        var pinned = await pins.PinnedPostIdsAsync(connection, departmentId, clock.GetUtcNow(), ct);
        var guides = await posts.GuidesAsync(connection, departmentId, key, pinned, ct);
        var all = key is null ? guides : await posts.GuidesAsync(connection, departmentId, null, pinned, ct);
        var ranked = await RankAsync(connection, guides, pinned, ct);
        var url = FullUrl(departmentId, null);
        var library = new GuideLibraryView(departmentId, department.Name, ranked, [], key, url, WriteUrl(departmentId), mayCurate);
        return new GuidesPageView([library], await TopicsAsync(connection, all, key, url, ct), key, guides.Count, url);
    }

    public async Task<GuidesPageView> CompanyAsync(Viewer viewer, string? topic, CancellationToken ct)
    {
        var key = Key(topic);
        var tree = await departments.ListAsync(ct);
        var curated = await rights.CuratedAsync(viewer, ct);
        await using var connection = await db.OpenAsync(ct);
        var pinned = await pins.PinnedByDepartmentAsync(connection, clock.GetUtcNow(), ct);
        var pinnedIds = pinned.SelectMany(p => p).ToList();
        var guides = await posts.GuidesAsync(connection, null, key, pinnedIds, ct);
        var all = key is null ? guides : await posts.GuidesAsync(connection, null, null, pinnedIds, ct);
        var libraries = new List<GuideLibraryView>();
        foreach (var department in tree)
        {
            var own = guides.Where(g => g.DepartmentId == department.Id).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var ranked = await RankAsync(connection, own, pinned[department.Id].ToList(), ct);
            var url = string.Create(CultureInfo.InvariantCulture, $"/departments/{department.Id}#guides");
            libraries.Add(Shortened(new GuideLibraryView(department.Id, department.Name, ranked, [], key, url, WriteUrl(department.Id), curated.Contains(department.Id)),
                OnGuidesPage));
        }

        return new GuidesPageView(libraries, await TopicsAsync(connection, all, key, "/guides", ct), key, guides.Count);
    }

    private async Task<IReadOnlyList<GuideEntry>> RankAsync(DbConnection connection, IReadOnlyList<PostRow> guides, IReadOnlyList<long> pinned, CancellationToken ct)
    {
        var ids = guides.Select(g => g.Id).ToList();
        var since = clock.GetUtcNow() - UsefulnessWindow;
        var reacted = await reactions.PostReactionsSinceAsync(connection, ids, since, ct);
        var discussed = await comments.CountsSinceAsync(connection, ids, since, ct);
        var read = await reach.OpenersSinceAsync(connection, ids, since, ct);
        int Usefulness(long id) => reacted.GetValueOrDefault(id) + discussed.GetValueOrDefault(id) + read.GetValueOrDefault(id);

        var order = pinned.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        return guides
            .Select(g => new GuideEntry(g, order.ContainsKey(g.Id), Usefulness(g.Id)))
            .OrderBy(e => e.Pinned ? order[e.Guide.Id] : int.MaxValue)
            .ThenByDescending(e => e.Usefulness)
            .ThenByDescending(e => e.Guide.Id)
            .ToList();
    }

    private async Task<IReadOnlyList<TopicChoice>> TopicsAsync(DbConnection connection, IReadOnlyList<PostRow> guides, string? current, string baseUrl, CancellationToken ct)
    {
        var path = baseUrl.Split('#')[0];
        var anchor = baseUrl.Contains('#', StringComparison.Ordinal) ? "#" + baseUrl.Split('#')[1] : "";
        return (await topics.OfPostsAsync(connection, guides.Select(g => g.Id).ToList(), ct))
            .DistinctBy(x => x.Key)
            .OrderBy(x => x.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(x => new TopicChoice(x.Key, x.Name, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? "&" : "?")}topic={Uri.EscapeDataString(x.Key)}{anchor}", x.Key == current))
            .ToList();
    }

    /// The pinned guides and the first unpinned ones; the rest behind a link to the whole library.
    private static GuideLibraryView Shortened(GuideLibraryView library, int unpinned)
    {
        var shown = library.Guides.Where(e => e.Pinned).Concat(library.Guides.Where(e => !e.Pinned).Take(unpinned)).ToList();
        return shown.Count == library.Guides.Count ? library
            : library with { Guides = shown, Total = library.Guides.Count, FullUrl = FullUrl(library.DepartmentId, library.Topic) };
    }

    private static string FullUrl(long departmentId, string? topic) =>
        string.Create(CultureInfo.InvariantCulture, $"/guides?department={departmentId}") + (topic is null ? "" : $"&topic={Uri.EscapeDataString(topic)}");

    private static string? Key(string? topic) => string.IsNullOrWhiteSpace(topic) ? null : Infrastructure.Markdown.Handles.TopicKey(topic.TrimStart('#'));

    private static string WriteUrl(long departmentId) => string.Create(CultureInfo.InvariantCulture, $"/posts/new?kind=guide&department={departmentId}");
}
