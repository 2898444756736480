using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// Counts distinct readers. Only unseen posts cause a write, so a page someone reloads costs no write at all.
public sealed class ReadCounter(SqliteConnectionFactory db, ReadStore reads, PostStore posts)
{
    public async Task RecordAsync(long userId, IReadOnlyList<long> postIds, CancellationToken ct)
    {
        if (postIds.Count == 0)
        {
            return;
        }

        HashSet<long> seen;
        await using (var connection = await db.OpenAsync(ct))
        {
            seen = await reads.AlreadyReadAsync(connection, postIds, userId, ct);
        }

        var unseen = postIds.Where(id => !seen.Contains(id)).ToList();
        if (unseen.Count == 0)
        {
            return;
        }

        // Recording a read never fails the page that shows it (a full disk: the page shows, the read is not counted).
        await db.TryWriteAsync(async scope =>
        {
            foreach (var postId in unseen)
            {
                if (await reads.RecordAsync(scope.Connection, scope.Transaction, postId, userId))
                {
                    await posts.AdjustReadCountAsync(scope.Connection, scope.Transaction, postId, 1);
                }
            }

            await scope.CommitAsync(ct);
            return true;
        }, fallback: false, ct);
    }
}
