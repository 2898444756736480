using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// Counts distinct people who saw a post's card and who opened the post. Only what is new causes a write, so a page
/// someone reloads costs no write at all. Authors never count for their own posts.
public sealed class ReachRecorder(SqliteConnectionFactory db, ReachStore reach, PostStore posts)
{
    /// Cards shown: a feed page, a topic page, a profile.
    public async Task SeenAsync(long userId, IReadOnlyList<PostRow> shown, CancellationToken ct)
    {
        var ids = shown.Where(p => p.AuthorId != userId).Select(p => p.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        HashSet<long> already;
        await using (var connection = await db.OpenAsync(ct))
        {
            already = await reach.SeenAmongAsync(connection, ids, userId, ct);
        }

        var unseen = ids.Where(id => !already.Contains(id)).ToList();
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
            }, ct);
        }
    }

    /// The post's page opened.
    public async Task OpenedAsync(long userId, PostRow post, CancellationToken ct)
    {
        if (post.AuthorId == userId)
        {
            return;
        }

        await using (var connection = await db.OpenAsync(ct))
        {
            if ((await reach.OpenedAmongAsync(connection, [post.Id], userId, ct)).Count > 0)
            {
                return;
            }
        }

        await RecordAsync(async scope =>
        {
            if (await reach.RecordOpenedAsync(scope.Connection, scope.Transaction, post.Id, userId))
            {
                await posts.AdjustOpenedCountAsync(scope.Connection, scope.Transaction, post.Id, 1);
            }
        }, ct);
    }

    // Recording never fails the page that shows the post (a full disk: the page shows, the figure is not counted).
    private Task RecordAsync(Func<WriteScope, Task> write, CancellationToken ct) =>
        db.TryWriteAsync(async scope =>
        {
            await write(scope);
            await scope.CommitAsync(ct);
            return true;
        }, fallback: false, ct);
}
