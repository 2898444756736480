using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Drafts;

/// Owns drafts and draft_coauthors. Every read names the person asking: a draft exists only for its author and the
/// co-authors they named, so the rule sits in the SQL, not in each caller.
public sealed class DraftStore(Database db, TimeProvider clock)
{
    private const string Columns = """
        SELECT d.id, d.author_id, a.display_name AS author_name, d.title, d.body_md, d.department_id, d.announcement, d.question, d.publish_at,
               d.created_at, d.updated_at, e.display_name AS updated_by_name, d.refused_reason, d.refused_for
          FROM drafts d
          JOIN users a ON a.id = d.author_id
          JOIN users e ON e.id = d.updated_by
        """;

    private const string ForSql = Columns + """

         WHERE d.id = @id
           AND (d.author_id = @viewerId OR EXISTS (SELECT 1 FROM draft_coauthors c WHERE c.draft_id = d.id AND c.user_id = @viewerId))
        """;

    private const string CoAuthorsSql = """
        SELECT u.id, u.handle
          FROM draft_coauthors c
          JOIN users u ON u.id = c.user_id
         WHERE c.draft_id = @id
         ORDER BY u.handle
        """;

    /// The draft as this person may see it; null when it does not exist or is not theirs (the same answer for both).
    public async Task<DraftRow?> GetForAsync(long id, long viewerId, CancellationToken ct, WriteScope? scope = null)
    {
        var connection = scope?.Connection ?? await db.OpenAsync(ct);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<DraftRow>(new CommandDefinition(ForSql, new { id, viewerId }, scope?.Transaction, cancellationToken: ct));
            if (row is null)
            {
                return null;
            }

            var coAuthors = await connection.QueryAsync<(long Id, string Handle)>(new CommandDefinition(CoAuthorsSql, new { id }, scope?.Transaction, cancellationToken: ct));
            return row with { CoAuthors = coAuthors.ToList() };
        }
        finally
        {
            if (scope is null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private const string MineSql = Columns + """

         WHERE d.author_id = @viewerId OR d.id IN (SELECT draft_id FROM draft_coauthors WHERE user_id = @viewerId)
         ORDER BY d.publish_at IS NULL, d.publish_at, d.updated_at DESC, d.id DESC
         LIMIT @take
        """;

    /// A person's drafts and the ones they help with: scheduled first, by their time, then the last edited.
    public async Task<IReadOnlyList<DraftRow>> MineAsync(long viewerId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<DraftRow>(new CommandDefinition(MineSql, new { viewerId, take = DraftLimits.Listed }, cancellationToken: ct))).AsList();
    }

    private const string CountSql = "SELECT COUNT(*) FROM drafts WHERE author_id = @authorId";

    public Task<long> CountAsync(WriteScope scope, long authorId) =>
        scope.Connection.ExecuteScalarAsync<long>(CountSql, new { authorId }, scope.Transaction);

    private const string InsertSql = """
        INSERT INTO drafts (author_id, title, body_md, department_id, announcement, question, created_at, updated_at, updated_by)
        VALUES (@authorId, @Title, @BodyMd, @DepartmentId, @Announcement, @Question, @now, @now, @authorId)
        RETURNING id
        """;

    public Task<long> InsertAsync(WriteScope scope, long authorId, DraftContent content) =>
        scope.Connection.ExecuteScalarAsync<long>(InsertSql, new { authorId, content.Title, content.BodyMd, content.DepartmentId, content.Announcement, content.Question, now = clock.GetUtcNow() }, scope.Transaction);

    // A co-author's save leaves the announcement part as the author set it: only they may address the company. A
    // scheduled draft is the author's alone (DraftService says why); scheduled since the co-author read it, the save
    // changes nothing.
    private const string UpdateSql = """
        UPDATE drafts
           SET title = @Title, body_md = @BodyMd, department_id = @DepartmentId, question = @Question,
               announcement = CASE WHEN author_id = @editorId THEN @Announcement ELSE announcement END,
               updated_at = @now, updated_by = @editorId
         WHERE id = @id AND (author_id = @editorId OR publish_at IS NULL)
        """;

    public Task<int> UpdateAsync(WriteScope scope, long id, long editorId, DraftContent content) =>
        scope.Connection.ExecuteAsync(UpdateSql, new { id, editorId, content.Title, content.BodyMd, content.DepartmentId, content.Announcement, content.Question, now = clock.GetUtcNow() }, scope.Transaction);

    private const string ClearCoAuthorsSql = "DELETE FROM draft_coauthors WHERE draft_id = @id";

    private const string AddCoAuthorSql = "INSERT INTO draft_coauthors (draft_id, user_id) VALUES (@id, @userId)";

    public async Task SetCoAuthorsAsync(WriteScope scope, long id, IReadOnlyCollection<long> userIds)
    {
        await scope.Connection.ExecuteAsync(ClearCoAuthorsSql, new { id }, scope.Transaction);
        await scope.Connection.ExecuteAsync(AddCoAuthorSql, userIds.Select(userId => new { id, userId }), scope.Transaction);
    }

    // Cancelling by hand also puts away why an earlier schedule failed: the author is dealing with the draft. A new
    // time keeps it, so the notice that told them still reads the same.
    private const string ScheduleSql = """
        UPDATE drafts
           SET publish_at = @at,
               refused_reason = CASE WHEN @at IS NULL THEN NULL ELSE refused_reason END,
               refused_for = CASE WHEN @at IS NULL THEN NULL ELSE refused_for END
         WHERE id = @id
        """;

    /// at null: back to being a draft.
    public Task<int> ScheduleAsync(WriteScope scope, long id, DateTimeOffset? at) =>
        scope.Connection.ExecuteAsync(ScheduleSql, new { id, at }, scope.Transaction);

    // Only while it is still scheduled for the time that failed: a time the author set meanwhile stands.
    private const string RefuseSql = """
        UPDATE drafts
           SET publish_at = NULL, refused_reason = @reason, refused_for = publish_at
         WHERE id = @id AND publish_at = @publishAt
        """;

    /// A schedule that could not be kept: a draft again, with the reason and the time it was for. False when the
    /// author changed the schedule since it was read.
    public async Task<bool> RefuseAsync(WriteScope scope, DraftRow draft, string reason) =>
        await scope.Connection.ExecuteAsync(RefuseSql, new { id = draft.Id, reason, publishAt = draft.PublishAt }, scope.Transaction) == 1;

    private const string DeleteSql = "DELETE FROM drafts WHERE id = @id";

    public Task<int> DeleteAsync(WriteScope scope, long id) =>
        scope.Connection.ExecuteAsync(DeleteSql, new { id }, scope.Transaction);

    // Publishing claims the draft as it was read: an edit or a new time since then makes the claim fail and the caller
    // read it again, so what is published is what was last saved, and a post is published once.
    private const string ClaimSql = "DELETE FROM drafts WHERE id = @id AND updated_at = @updatedAt AND publish_at IS NOT DISTINCT FROM @publishAt";

    public async Task<bool> ClaimAsync(WriteScope scope, DraftRow draft) =>
        await scope.Connection.ExecuteAsync(ClaimSql, new { id = draft.Id, updatedAt = draft.UpdatedAt, publishAt = draft.PublishAt }, scope.Transaction) == 1;

    private const string DueSql = """
        SELECT d.id, d.author_id, a.display_name AS author_name, d.title, d.body_md, d.department_id, d.announcement, d.question, d.publish_at,
               d.created_at, d.updated_at, a.display_name AS updated_by_name, d.refused_reason, d.refused_for,
               a.role AS author_role, a.is_active AS author_active
          FROM drafts d
          JOIN users a ON a.id = d.author_id
         WHERE d.publish_at <= @now
         ORDER BY d.publish_at, d.id
         LIMIT @take
        """;

    /// Scheduled drafts whose time has come, oldest first, with their author's role as it is now.
    public async Task<IReadOnlyList<DraftRow>> DueAsync(DateTimeOffset now, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<DraftRow>(new CommandDefinition(DueSql, new { now, take }, cancellationToken: ct))).AsList();
    }

    private const string NextSql = "SELECT MIN(publish_at) FROM drafts WHERE publish_at IS NOT NULL";

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(NextSql, cancellationToken: ct)) is { } ms ? DapperSetup.FromUnixMs(ms) : null;
    }
}
