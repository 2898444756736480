using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Mentions;

/// Owns the mentions table: who is mentioned in a post (comment_id NULL) or in one of its comments.
/// Always part of the write of the post or comment itself.
public sealed class MentionStore(TimeProvider clock)
{
    private const string CurrentSql = """
        SELECT user_id
          FROM mentions
         WHERE post_id = @postId AND COALESCE(comment_id, 0) = COALESCE(@commentId, 0)
        """;

    private const string DeleteSql = """
        DELETE FROM mentions
         WHERE post_id = @postId AND COALESCE(comment_id, 0) = COALESCE(@commentId, 0) AND user_id IN @removed
        """;

    private const string InsertSql = """
        INSERT INTO mentions (post_id, comment_id, user_id, created_at)
        VALUES (@postId, @commentId, @userId, @now)
        """;

    private const string LinkedSql = """
        SELECT u.handle, u.id
          FROM mentions m
          JOIN users u ON u.id = m.user_id
         WHERE m.post_id = @postId AND COALESCE(m.comment_id, 0) = COALESCE(@commentId, 0) AND u.handle IS NOT NULL
        """;

    /// The people one text mentions, by mention key: a re-render links exactly these again (the same people as when
    /// it was written, also if one was deactivated since), and no one new.
    public async Task<IReadOnlyDictionary<string, long>> LinkedAsync(DbConnection connection, long postId, long? commentId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Handle, long Id)>(new CommandDefinition(LinkedSql, new { postId, commentId }, cancellationToken: ct));
        return rows.ToDictionary(r => Handles.MentionKey(r.Handle), r => r.Id);
    }

    /// Makes the stored mentions of one text equal to userIds and returns the people mentioned by this write who
    /// were not mentioned in the text before (an edit that keeps a mention does not mention anyone again).
    public async Task<IReadOnlyList<long>> ReplaceAsync(
        DbConnection connection, DbTransaction transaction, long postId, long? commentId, IReadOnlyCollection<long> userIds, DateTimeOffset? at = null)
    {
        var current = (await connection.QueryAsync<long>(CurrentSql, new { postId, commentId }, transaction)).ToHashSet();
        var removed = current.Where(id => !userIds.Contains(id)).ToList();
        if (removed.Count > 0)
        {
            await connection.ExecuteAsync(DeleteSql, new { postId, commentId, removed }, transaction);
        }

        var added = userIds.Where(id => !current.Contains(id)).Distinct().ToList();
        var now = at ?? clock.GetUtcNow();
        await connection.ExecuteAsync(InsertSql, added.Select(userId => new { postId, commentId, userId, now }), transaction);
        return added;
    }
}
