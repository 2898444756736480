using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Admin;

/// One row of the audit page: when, the sentence, and where its target can be looked at.
public sealed record AuditRowView(DateTimeOffset At, string Sentence, string Target, string? TargetUrl);

/// The audit page in the reader's language. Names come in one query per kind for the whole page: the sentences are
/// worded once to learn which people, departments and posts they name, then again with the names.
public sealed class AuditLog(Database db, AuditStore audit, PeopleStore people, DepartmentStore departments, PostStore posts, CommentStore comments, IStringLocalizer<SharedResource> t)
{
    /// The page for the filter: the latest matching entries as sentences, and the people the filter can choose.
    public async Task<AuditPage> PageAsync(AuditFilter filter, CancellationToken ct)
    {
        // Days are read in UTC; "to" includes its whole day.
        var since = filter.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // The calendar's last day has no day after it (AddDays threw: a 500): "to" that day means no end.
        var until = filter.To is { } to && to < DateOnly.MaxValue ? to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : (DateTime?)null;
        var kind = AuditStore.Kinds.Contains(filter.Kind) ? filter.Kind : null;
        var entries = await audit.LatestAsync(AuditPage.Size, kind, filter.Person, since, until, ct);
        return new AuditPage(await RowsAsync(entries, ct), filter with { Kind = kind }, await audit.ActorsAsync(ct));
    }

    private async Task<IReadOnlyList<AuditRowView>> RowsAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var collecting = AuditNames.Collecting();
        foreach (var entry in entries)
        {
            Word(new AuditLine(entry, collecting, t), entry.Action);
        }

        var names = await NamesAsync(collecting.Wanted, ct);
        return entries.Select(entry =>
        {
            var line = new AuditLine(entry, names, t);
            return new AuditRowView(entry.CreatedAt, Word(line, entry.Action), line.Target, line.TargetUrl);
        }).ToList();
    }

    /// An action without a sentence (from a newer release, say) still says who did it and what it touched.
    private string Word(AuditLine line, string action) =>
        AuditSentences.ByAction.TryGetValue(action, out var sentence) ? sentence(line) : t["{0}: {1} ({2})", line.Actor, action, line.Target];

    private async Task<AuditNames> NamesAsync(IReadOnlyCollection<(AuditNames.Kind Kind, long Id)> wanted, CancellationToken ct)
    {
        var ids = wanted.ToLookup(w => w.Kind, w => w.Id);
        var found = new List<(AuditNames.Kind, long, string)>();
        if (ids[AuditNames.Kind.Person].Any())
        {
            found.AddRange((await people.NamesAsync([.. ids[AuditNames.Kind.Person]], ct)).Select(p => (AuditNames.Kind.Person, p.Key, p.Value)));
        }

        if (ids[AuditNames.Kind.Department].Any())
        {
            found.AddRange((await departments.ListAsync(ct)).Select(d => (AuditNames.Kind.Department, d.Id, d.Name)));
        }

        var postOfComment = new Dictionary<long, long>();
        if (ids[AuditNames.Kind.Post].Any() || ids[AuditNames.Kind.Comment].Any())
        {
            await using var connection = await db.OpenAsync(ct);
            if (ids[AuditNames.Kind.Comment].Any())
            {
                postOfComment = (await comments.ManyAsync(connection, [.. ids[AuditNames.Kind.Comment]], ct)).ToDictionary(c => c.Id, c => c.PostId);
            }

            var titles = await posts.TitlesAsync(connection, [.. ids[AuditNames.Kind.Post].Concat(postOfComment.Values).Distinct()], ct);
            found.AddRange(titles.Select(p => (AuditNames.Kind.Post, p.Key, p.Value)));
            found.AddRange(postOfComment.Where(c => titles.ContainsKey(c.Value))
                .Select(c => (AuditNames.Kind.Comment, c.Key, t["{0} (comment)", titles[c.Value]].Value)));
        }

        return AuditNames.Known(found, postOfComment);
    }
}
