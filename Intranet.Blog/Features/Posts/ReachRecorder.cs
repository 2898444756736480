using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Posts;

/// Counts distinct people who saw a post's card and who opened the post. Only what is new causes a write, so a page
/// someone reloads costs no write at all. Authors never count for their own posts. Nothing is recorded about a post
/// older than the read retention: its per-person rows are gone (ReadRetention), and a new row would count someone twice.
public sealed class ReachRecorder(Database db, ReachStore reach, PostStore posts, TimeProvider clock, IOptions<IntranetOptions> options)
{
    private readonly VersionedCache<(long, string), IReadOnlyList<long>> _unseen = new(db);
    private readonly VersionedCache<(long, long), bool> _opened = new(db);

    private bool Retained(PostRow post) => post.CreatedAt > clock.GetUtcNow().AddDays(-options.Value.ReadRetentionDays);

    /// Cards shown: a feed page, a topic page, a profile.
    public async Task SeenAsync(long userId, IReadOnlyList<PostRow> shown, CancellationToken ct)
    {
        var ids = shown.Where(p => p.AuthorId != userId && Retained(p)).Select(p => p.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        // A reload of the same page finds them all seen: kept until the next write (which recording them is).
        var unseen = await _unseen.GetAsync((userId, string.Join(',', ids)), async c =>
        {
            await using var connection = await db.OpenAsync(c);
            var already = await reach.SeenAmongAsync(connection, ids, userId, c);
            return (IReadOnlyList<long>)ids.Where(id => !already.Contains(id)).ToList();
        }, ct);
        if (unseen.Count > 0)
        {
            await RecordAsync(async scope =>
            {
                foreach (var postId in unseen)
                {
                    if (await reach.RecordSeenAsync(scope.Connection, scope.Transaction, postId, userId))
                    {
                        await posts.AdjustSeenCountAsync(scope.Connection, scope.Transaction, postId, 1);
                    }
                }

                return true;
            }, ct);
        }
    }

    /// The post's page opened. Returns whether this was the person's first open (the post's figures changed).
    public async Task<bool> OpenedAsync(long userId, PostRow post, CancellationToken ct)
    {
        if (post.AuthorId == userId || !Retained(post))
        {
            return false;
        }

        var opened = await _opened.GetAsync((userId, post.Id), async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return (await reach.OpenedAmongAsync(connection, [post.Id], userId, c)).Count > 0;
        }, ct);
        if (opened)
        {
            return false;
        }

        return await RecordAsync(async scope =>
        {
            if (!await reach.RecordOpenedAsync(scope.Connection, scope.Transaction, post.Id, userId))
            {
                return false;
            }

            await posts.AdjustOpenedCountAsync(scope.Connection, scope.Transaction, post.Id, 1);
            return true;
        }, ct);
    }

    // Recording never fails the page that shows the post (a full disk: the page shows, the figure is not counted).
    private Task<bool> RecordAsync(Func<WriteScope, Task<bool>> write, CancellationToken ct) =>
        db.TryWriteAsync(async scope =>
        {
            var changed = await write(scope);
            await scope.CommitAsync(ct);
            return changed;
        }, fallback: false, ct);
}
