using System.Text.Json;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Moderation;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.PostPage;

/// Title is the page's title (an article's, else the excerpt); ReplyTo the comment whose reply form is open
/// (without script, "Reply" reloads the page with it); Memo the must-read box when the post is an announcement;
/// Moderations the hidings in force that the viewer may see (their own hidden words, or all for admins).
/// MayEdit: the viewer may edit (and, for a guide, confirm or hand over) the post; MayDelete likewise. CuratesAny: the
/// viewer curates some department, so comments offer to become guides. PinPlaces: where the viewer may pin the post
/// (the company feed, departments they curate), the post's own first.
public sealed record PostPageView(
    PostCardView Card, string Title, string BodyHtml, Lazy<IReadOnlyList<CommentView>> Comments, int CommentCount, long LastEventId, long? ReplyTo,
    MemoView? Memo = null, bool MayEdit = false, bool MayDelete = false, bool CuratesAny = false, IReadOnlyList<PinPlace>? PinPlaces = null)
{
    /// Set when the page was opened from a search result (?hl=the query).
    public FoundWords? Found { get; init; }

    public IReadOnlyList<ModerationRow> Moderations { get; init; } = [];

    /// A question whose answers this viewer may accept (the asker, the department's curators, admins).
    public bool MayAccept { get; init; }

    /// Under what the whole thread's markup may be kept (RenderedFragments.SectionAsync): everything it shows comes
    /// from one reading of the database for this viewer, which ends at the next write or after a minute. A question's
    /// answers also show their helpful marks, read apart, and are rendered each time.
    public object? ThreadKey { get; init; }

    public bool HasContents => BodyHtml.StartsWith(TableOfContents.Marker, StringComparison.Ordinal);
}

/// The searched words in an opened post: its title in marked segments, and the body's matching words as JSON, which
/// search.js wraps in the body's text (the stored HTML is never rewritten).
public sealed record FoundWords(IReadOnlyList<TextSegment> Title, string? BodyWordsJson)
{
    public static FoundWords? For(string? query, string? title, string bodyHtml)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return null;
        }

        var highlighter = new Highlighter(SearchQuery.Parse(query));
        var words = highlighter.MatchingWords(SearchText.HtmlText(bodyHtml));
        return new FoundWords(highlighter.Mark(title), words.Count > 0 ? JsonSerializer.Serialize(words) : null);
    }
}

/// A place the post can be pinned to: a department (Name) or the company feed (Company, with an optional last day).
public sealed record PinPlace(string Value, string? Name, bool Company);

/// The post page: the post, its whole conversation and all reaction counts in four queries.

public sealed class PostPageQuery(Database db, PostStore posts, CommentStore comments, ReactionStore reactions, EventStore events, ReachRecorder reach,
    NotificationStore notifications, BellQueue bells, TimeProvider clock, AnnouncementService announcements, PostVersionStore versions, ModerationService moderation,
    PostRights rights, CurationRights curation, DepartmentStore departments, PollService polls, QuestionService questions, ProgressPusher progress,
    PostPageCache cache)
{
    public async Task<PostPageView?> GetAsync(Viewer viewer, long id, long? replyTo, string? searched, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var reads = await cache.Reads.GetAsync((viewer.Id, id), c => ReadAsync(viewer, id, now, c), ct);
        if (reads is null)
        {
            return null;
        }

        var (post, thread, counts, mine, lastEventId, unread, memo, moderations, poll) = reads;

        if (memo is { Addressed: true })
        {
            await announcements.OpenedAsync(id, viewer.Id, ct);
        }

        // The author's reach page (and a must-read's progress) shows "opened" live: it hears that it changed, never who.
        if (await reach.OpenedAsync(viewer.Id, post, ct))
        {
            await progress.PushAsync(id);
        }

        // Opening the post reads what the viewer was notified about it.
        if (unread && await notifications.MarkPostReadAsync(viewer.Id, id, now, ct))
        {
            bells.Enqueue([viewer.Id]);
        }

        var card = new PostCardView(post, ReactionBar.From(id, null, counts, mine), viewer) { Poll = poll };
        var curated = await curation.CuratedAsync(viewer, ct);
        var sheet = post.IsQuestion ? await questions.AnswersAsync(viewer, id, CommentView.Rows(thread), ct) : null;
        // Built only when the thread's markup is not kept (ThreadKey): then nothing reads them.
        var answers = new Lazy<IReadOnlyList<CommentView>>(() =>
        {
            var views = CommentView.Thread(thread, counts, mine, viewer, offersGuide: curated.Count > 0);
            return sheet is null ? views : CommentView.AsAnswers(views, sheet);
        });

        return new PostPageView(card, post.Title ?? post.Excerpt, post.BodyHtml, answers,
            thread.Count(c => c.DeletedAt is null && c.HiddenAt is null), lastEventId, replyTo, memo,
            await rights.MayEditAsync(viewer, post, ct), await rights.MayDeleteAsync(viewer, post, ct), curated.Count > 0, await PinPlacesAsync(viewer, post, curated, ct))
        {
            Found = FoundWords.For(searched, post.Title, post.BodyHtml),
            Moderations = moderations,
            MayAccept = sheet?.MayAccept == true,
            ThreadKey = sheet is null ? (reads.Stamp, curated.Count > 0) : null,
        };
    }

    private async Task<PostPageReads?> ReadAsync(Viewer viewer, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var lastEventId = await events.LastIdAsync(connection, ct);
        var post = await posts.GetAsync(connection, id, withSource: false, ct);
        if (post is null || !post.IsVisibleTo(viewer))
        {
            return null;
        }

        var thread = await comments.ThreadAsync(connection, id, ct);
        var counts = await reactions.ThreadCountsAsync(connection, id, ct);
        var mine = await reactions.ViewerThreadKindsAsync(connection, id, viewer.Id, ct);
        var unread = await notifications.HasUnreadForPostAsync(connection, viewer.Id, id, now, ct);
        var moderations = await moderation.OnPostAsync(connection, viewer, id, ct);
        var poll = (await polls.ViewsAsync(connection, [id], viewer.Id, ct)).GetValueOrDefault(id);
        var memo = await announcements.MemoAsync(connection, viewer, id, post.AuthorId, await versions.CurrentNumberAsync(connection, id), ct);
        return new PostPageReads(post, thread, counts, mine, lastEventId, unread, memo, moderations, poll);
    }

    private async Task<IReadOnlyList<PinPlace>> PinPlacesAsync(Viewer viewer, PostRow post, IReadOnlySet<long> curated, CancellationToken ct)
    {
        var places = new List<PinPlace>();
        if (curated.Count > 0)
        {
            places.AddRange((await departments.ListAsync(ct)).Where(d => curated.Contains(d.Id))
                .OrderBy(d => d.Id == post.DepartmentId ? 0 : 1)
                .Select(d => new PinPlace(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Indented.Trim(), false)));
        }

        if (CurationRights.MayPinCompanyWide(viewer))
        {
            places.Add(new PinPlace("company", null, true));
        }

        return places;
    }
}

/// What the post page reads from the database for one viewer, for PostPageCache.
public sealed record PostPageReads(PostRow Post, IReadOnlyList<CommentRow> Thread, IReadOnlyList<ReactionCount> Counts, IReadOnlyList<ReactionCount> Mine,
    long LastEventId, bool Unread, MemoView? Memo, IReadOnlyList<ModerationRow> Moderations, PollView? Poll)
{
    /// The thread's markup is kept under it (PostPageView.ThreadKey).
    public long Stamp { get; } = ReadStamp.Next();
}

/// The post page's reads, kept until the next write (VersionedCache), and for a minute at most: a poll closes and a
/// memo's deadline passes at their times without a write. A busy post's thread is hundreds of kilobytes and any post id
/// may be asked for: a thousand pages at most.
public sealed class PostPageCache(Database db, TimeProvider clock)
{
    public VersionedCache<(long Viewer, long Post), PostPageReads?> Reads { get; } = new(db, clock, TimeSpan.FromMinutes(1), capacity: 1_000);
}
