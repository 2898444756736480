using Dapper;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Posts;

/// Owns the posts table. Lists are keyset-paged by id: the first page passes long.MaxValue, so the
/// index range stays usable and a page boundary does not move while new posts arrive.
public sealed class PostStore(TimeProvider clock)
{
    // The author's columns come last, as People's card: Rows maps them from the second "id" on.
    private const string Columns = """
        SELECT p.id, p.author_id, p.kind, p.title, p.body_html, p.excerpt, p.department_id, d.name AS department_name,
               p.pinned, p.comment_count, p.read_count, p.created_at, p.edited_at, p.deleted_at, p.hidden_at,
        """ + " " + PersonCardSql.Columns + """

          FROM posts p
          JOIN users u ON u.id = p.author_id
          LEFT JOIN departments d ON d.id = p.department_id

        """ + PersonCardSql.JoinDepartment;

    private static async Task<IReadOnlyList<PostRow>> RowsAsync(SqliteConnection connection, CommandDefinition command) =>
        (await connection.QueryAsync<PostRow, PersonCard, PostRow>(command, (post, author) => post with { Author = author }, splitOn: "id")).AsList();

    private const string PageSql = Columns + """

         WHERE p.id < @before AND
        """ + " " + PostVisibility.Listed + """

         ORDER BY p.id DESC
         LIMIT @take
        """;

    private const string PageByKindSql = Columns + """

         WHERE p.kind = @kind AND p.id < @before AND
        """ + " " + PostVisibility.Listed + """

         ORDER BY p.id DESC
         LIMIT @take
        """;

    private const string PageByDepartmentSql = Columns + """

         WHERE p.department_id = @departmentId AND p.id < @before AND
        """ + " " + PostVisibility.Listed + """

           AND (@kind IS NULL OR p.kind = @kind)
         ORDER BY p.id DESC
         LIMIT @take
        """;

    // A department with its sub-departments: the ids come from DepartmentStore.SubtreeAsync, the one walk of the tree.
    private const string PageByDepartmentsSql = Columns + """

         WHERE p.department_id IN @departmentIds AND p.id < @before AND p.deleted_at IS NULL
           AND (@kind IS NULL OR p.kind = @kind)
         ORDER BY p.id DESC
         LIMIT @take
        """;

    private const string PageByAuthorSql = Columns + """

         WHERE p.author_id = @authorId AND p.id < @before AND
        """ + " " + PostVisibility.Listed + """

           AND (@kind IS NULL OR p.kind = @kind)
         ORDER BY p.id DESC
         LIMIT @take
        """;

    // post_tags' primary key (tag_id, post_id) serves the range; the joins above only decorate the rows.
    private const string PageByTopicSql = Columns + """

          JOIN post_tags pt ON pt.post_id = p.id
          JOIN tags t ON t.id = pt.tag_id
         WHERE t.key = @topic AND pt.post_id < @before AND
        """ + " " + PostVisibility.Listed + """

           AND (@kind IS NULL OR p.kind = @kind)
         ORDER BY pt.post_id DESC
         LIMIT @take
        """;

    // The people, departments and topics one person follows; walks posts newest first like the main feed.
    private const string PageFollowingSql = Columns + """

         WHERE p.id < @before AND
        """ + " " + PostVisibility.Listed + """

           AND (p.author_id IN (SELECT target_id FROM follows WHERE user_id = @followerId AND target_kind = 'person')
                OR p.department_id IN (SELECT target_id FROM follows WHERE user_id = @followerId AND target_kind = 'department')
                OR p.id IN (SELECT pt.post_id
                              FROM follows f
                              JOIN post_tags pt ON pt.tag_id = f.target_id
                             WHERE f.user_id = @followerId AND f.target_kind = 'topic'))
           AND (@kind IS NULL OR p.kind = @kind)
         ORDER BY p.id DESC
         LIMIT @take
        """;

    /// One complete query per filter, each served by its own index; kind only narrows within the range.
    public async Task<IReadOnlyList<PostRow>> PageAsync(SqliteConnection connection, FeedFilter filter, long before, int take, CancellationToken ct)
    {
        var sql = filter switch
        {
            { Topic: not null } => PageByTopicSql,
            { FollowerId: not null } => PageFollowingSql,
            { AuthorId: not null } => PageByAuthorSql,
            { DepartmentIds: not null } => PageByDepartmentsSql,
            { DepartmentId: not null } => PageByDepartmentSql,
            { Kind: not null } => PageByKindSql,
            _ => PageSql,
        };
        var args = new { before, take, kind = filter.Kind, departmentId = filter.DepartmentId, departmentIds = filter.DepartmentIds, authorId = filter.AuthorId, topic = filter.Topic, followerId = filter.FollowerId };
        return await RowsAsync(connection, new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private const string ByIdsSql = Columns + """

         WHERE p.id IN @ids AND
        """ + " " + PostVisibility.Listed + """

         ORDER BY p.id DESC
        """;

    /// Some posts by id, newest first (announcements pinned to the top of a feed).
    public async Task<IReadOnlyList<PostRow>> ByIdsAsync(SqliteConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await RowsAsync(connection, new CommandDefinition(ByIdsSql, new { ids }, cancellationToken: ct));

    private const string GetSql = Columns + """

         WHERE p.id = @id
        """;

    private const string ManySql = Columns + """

         WHERE p.id IN @ids
        """;

    /// Deleted posts included, like GetAsync; for a page of live events.
    public Task<IReadOnlyList<PostRow>> ManyAsync(SqliteConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        RowsAsync(connection, new CommandDefinition(ManySql, new { ids }, cancellationToken: ct));

    private const string GetSourceSql = "SELECT body_md FROM posts WHERE id = @id";

    /// Deleted posts come back too (with DeletedAt set), so callers can tell "gone" from "never existed".
    public async Task<PostRow?> GetAsync(SqliteConnection connection, long id, bool withSource, CancellationToken ct, SqliteTransaction? transaction = null)
    {
        var post = (await RowsAsync(connection, new CommandDefinition(GetSql, new { id }, transaction, cancellationToken: ct))).SingleOrDefault();
        if (post is not null && withSource)
        {
            post = post with { BodyMd = await connection.ExecuteScalarAsync<string>(new CommandDefinition(GetSourceSql, new { id }, transaction, cancellationToken: ct)) ?? "" };
        }

        return post;
    }

    private const string InsertSql = """
        INSERT INTO posts (author_id, kind, title, body_md, body_html, body_version, excerpt, department_id, created_at)
        VALUES (@AuthorId, @Kind, @Title, @BodyMd, @BodyHtml, @version, @Excerpt, @DepartmentId, @now)
        RETURNING id
        """;

    public Task<long> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, NewPost post, DateTimeOffset? at = null) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            post.AuthorId, post.Kind, post.Title, post.BodyMd, post.BodyHtml, post.Excerpt, post.DepartmentId,
            now = at ?? clock.GetUtcNow(), version = MarkdownRenderer.Version,
        }, transaction);

    private const string UpdateSql = """
        UPDATE posts
           SET title = @Title, body_md = @BodyMd, body_html = @BodyHtml, body_version = @version, excerpt = @Excerpt,
               department_id = @DepartmentId,
               -- "edited" means the text changed (and a version was kept), not only the department.
               edited_at = CASE WHEN title IS NOT @Title OR body_md <> @BodyMd THEN @now ELSE edited_at END,
               edited_by = CASE WHEN title IS NOT @Title OR body_md <> @BodyMd THEN @EditedBy ELSE edited_by END
         WHERE id = @Id AND deleted_at IS NULL
        """;

    public Task<int> UpdateAsync(SqliteConnection connection, SqliteTransaction transaction, PostEdit edit) =>
        connection.ExecuteAsync(UpdateSql, new { edit.Id, edit.Title, edit.BodyMd, edit.BodyHtml, edit.Excerpt, edit.DepartmentId, edit.EditedBy, now = clock.GetUtcNow(), version = MarkdownRenderer.Version }, transaction);

    private const string SoftDeleteSql = """
        UPDATE posts
           SET deleted_at = @now
         WHERE id = @id AND deleted_at IS NULL
        """;

    private const string SetHiddenSql = """
        UPDATE posts
           SET hidden_at = CASE WHEN @hidden THEN @now END
         WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = @hidden
        """;

    /// Moderation hides or restores; 0 when the post is gone or already in that state (a concurrent decision won).
    public Task<int> SetHiddenAsync(SqliteConnection connection, SqliteTransaction transaction, long id, bool hidden) =>
        connection.ExecuteAsync(SetHiddenSql, new { id, hidden, now = clock.GetUtcNow() }, transaction);

    /// Soft delete: comments, reactions and reads keep pointing at the row; lists skip it.
    public Task<int> SoftDeleteAsync(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        connection.ExecuteAsync(SoftDeleteSql, new { id, now = clock.GetUtcNow() }, transaction);

    private const string StaleBodiesSql = """
        SELECT id, kind, body_md
          FROM posts
         WHERE body_version < @version AND id > @after
         ORDER BY id
         LIMIT @take
        """;

    /// Bodies an older renderer made, in id order after `after` (for Rerenderer, through PostBodies).
    public async Task<IReadOnlyList<(long Id, string Kind, string BodyMd)>> StaleBodiesAsync(SqliteConnection connection, long after, int take, CancellationToken ct) =>
        (await connection.QueryAsync<(long, string, string)>(new CommandDefinition(StaleBodiesSql, new { after, take, version = MarkdownRenderer.Version }, cancellationToken: ct))).AsList();

    private const string RerenderedSql = """
        UPDATE posts
           SET body_html = @html, excerpt = @excerpt, body_version = @version
         WHERE id = @id AND body_md = @bodyMd AND body_version < @version
        """;

    /// Not an edit: no edited time, no event. A body edited since it was read keeps the edit's rendering.
    public Task<int> RerenderedAsync(SqliteConnection connection, SqliteTransaction transaction, long id, string bodyMd, string html, string excerpt) =>
        connection.ExecuteAsync(RerenderedSql, new { id, bodyMd, html, excerpt, version = MarkdownRenderer.Version }, transaction);

    private const string AdjustCommentCountSql = "UPDATE posts SET comment_count = comment_count + @delta WHERE id = @id";

    public Task AdjustCommentCountAsync(SqliteConnection connection, SqliteTransaction transaction, long id, int delta) =>
        connection.ExecuteAsync(AdjustCommentCountSql, new { id, delta }, transaction);

    private const string AdjustReadCountSql = "UPDATE posts SET read_count = read_count + @delta WHERE id = @id";

    public Task AdjustReadCountAsync(SqliteConnection connection, SqliteTransaction transaction, long id, int delta) =>
        connection.ExecuteAsync(AdjustReadCountSql, new { id, delta }, transaction);
}

/// Topic is a tags.key (normalized, see Handles.TopicKey). FollowerId: only posts from what that person follows (the "Following" tab).
/// DepartmentIds: posts of any of these departments (a department's page with its sub-departments).
public sealed record FeedFilter(
    long? DepartmentId = null, long? AuthorId = null, string? Kind = null, string? Topic = null, long? FollowerId = null, IReadOnlyList<long>? DepartmentIds = null);
