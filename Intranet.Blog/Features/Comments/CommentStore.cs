using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Comments;

public static class CommentLimits
{
    public const int Body = 5_000;
}

public sealed record CommentRow
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public long? ParentId { get; init; }
    public long AuthorId { get; init; }
    public string BodyMd { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    /// Hidden by moderation: others see only that it was; its author and admins still read it (marked).
    public DateTimeOffset? HiddenAt { get; init; }

    /// The guide this comment became (a helpful answer turned into a how-to).
    public long? GuideId { get; init; }

    public PersonCard Author { get; init; } = new();
}

public sealed record NewComment(long PostId, long? ParentId, long AuthorId, string BodyMd, string BodyHtml);

/// Owns the comments table: one level of replies under a post.
public sealed class CommentStore(TimeProvider clock)
{
    /// Which comments anyone sees, for a comments row aliased c (besides its post being visible, PostVisibility.Listed):
    /// not deleted and not hidden by moderation.
    public const string VisibleSql = "c.deleted_at IS NULL AND c.hidden_at IS NULL";

    // The author's columns come last, as People's card (the same as a post's byline): Rows maps them from the second "id" on.
    private const string Columns = """
        SELECT c.id, c.post_id, c.parent_id, c.author_id, c.body_md, c.body_html, c.created_at, c.edited_at, c.deleted_at, c.hidden_at,
               (SELECT g.id FROM posts g WHERE g.source_comment_id = c.id AND g.kind = 'guide' AND g.deleted_at IS NULL AND g.hidden_at IS NULL ORDER BY g.id LIMIT 1) AS guide_id,
        """ + " " + PersonCardSql.Columns + """

          FROM comments c
          JOIN users u ON u.id = c.author_id

        """ + PersonCardSql.JoinDepartment;

    private static async Task<IReadOnlyList<CommentRow>> RowsAsync(DbConnection connection, CommandDefinition command) =>
        (await connection.QueryAsync<CommentRow, PersonCard, CommentRow>(command, (comment, author) => comment with { Author = author }, splitOn: "id")).AsList();

    private const string ThreadSql = Columns + """

         WHERE c.post_id = @postId
         ORDER BY c.id
         LIMIT 2000
        """;

    public async Task<IReadOnlyList<CommentRow>> ThreadAsync(DbConnection connection, long postId, CancellationToken ct) =>
        await RowsAsync(connection, new CommandDefinition(ThreadSql, new { postId }, cancellationToken: ct));

    private const string GetSql = Columns + """

         WHERE c.id = @id
        """;

    public async Task<CommentRow?> GetAsync(DbConnection connection, long id, DbTransaction? transaction = null) =>
        (await RowsAsync(connection, new CommandDefinition(GetSql, new { id }, transaction))).SingleOrDefault();

    private const string ManySql = Columns + """

         WHERE c.id IN @ids
        """;

    /// Deleted comments included, like GetAsync; for a page of live events.
    public Task<IReadOnlyList<CommentRow>> ManyAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        RowsAsync(connection, new CommandDefinition(ManySql, new { ids }, cancellationToken: ct));

    private const string InsertSql = """
        INSERT INTO comments (post_id, parent_id, author_id, body_md, body_html, body_version, created_at)
        VALUES (@PostId, @ParentId, @AuthorId, @BodyMd, @BodyHtml, @version, @now)
        RETURNING id
        """;

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, NewComment comment, DateTimeOffset? at = null) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            comment.PostId, comment.ParentId, comment.AuthorId, comment.BodyMd, comment.BodyHtml, now = at ?? clock.GetUtcNow(), version = MarkdownRenderer.Version,
        }, transaction);

    private const string UpdateSql = """
        UPDATE comments
           SET body_md = @bodyMd, body_html = @bodyHtml, body_version = @version, edited_at = @now
         WHERE id = @id AND deleted_at IS NULL
        """;

    public Task<int> UpdateAsync(DbConnection connection, DbTransaction transaction, long id, string bodyMd, string bodyHtml) =>
        connection.ExecuteAsync(UpdateSql, new { id, bodyMd, bodyHtml, now = clock.GetUtcNow(), version = MarkdownRenderer.Version }, transaction);

    private const string StaleBodiesSql = """
        SELECT id, post_id, body_md
          FROM comments
         WHERE body_version < @version AND id > @after
         ORDER BY id
         LIMIT @take
        """;

    /// Bodies an older renderer made, in id order after `after` (for Rerenderer, through CommentBodies).
    public async Task<IReadOnlyList<(long Id, long PostId, string BodyMd)>> StaleBodiesAsync(DbConnection connection, long after, int take, CancellationToken ct) =>
        (await connection.QueryAsync<(long, long, string)>(new CommandDefinition(StaleBodiesSql, new { after, take, version = MarkdownRenderer.Version }, cancellationToken: ct))).AsList();

    private const string RerenderedSql = """
        UPDATE comments
           SET body_html = @html, body_version = @version
         WHERE id = @id AND body_md = @bodyMd AND body_version < @version
        """;

    /// Not an edit: no edited time, no event. A body edited since it was read keeps the edit's rendering.
    public Task<int> RerenderedAsync(DbConnection connection, DbTransaction transaction, long id, string bodyMd, string html) =>
        connection.ExecuteAsync(RerenderedSql, new { id, bodyMd, html, version = MarkdownRenderer.Version }, transaction);

    private const string SoftDeleteSql = """
        UPDATE comments
           SET deleted_at = @now
         WHERE id = @id AND deleted_at IS NULL
        """;

    private const string SetHiddenSql = """
        UPDATE comments
           SET hidden_at = CASE WHEN @hidden = 1 THEN @now END
         WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = (@hidden = 1)
        """;

    /// Moderation hides or restores; 0 when the comment is gone or already in that state (a concurrent decision won).
    public Task<int> SetHiddenAsync(DbConnection connection, DbTransaction transaction, long id, bool hidden) =>
        connection.ExecuteAsync(SetHiddenSql, new { id, hidden, now = clock.GetUtcNow() }, transaction);

    /// Soft delete: replies stay attached and the thread shows where the comment was.
    public Task<int> SoftDeleteAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteAsync(SoftDeleteSql, new { id, now = clock.GetUtcNow() }, transaction);

    private const string CountsSinceSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM comments
         WHERE post_id IN @postIds AND deleted_at IS NULL AND created_at >= @since
         GROUP BY post_id
        """;

    /// Comments written on each post since a time (a guide's usefulness).
    public async Task<IReadOnlyDictionary<long, int>> CountsSinceAsync(DbConnection connection, IReadOnlyList<long> postIds, DateTimeOffset since, CancellationToken ct) =>
        postIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(CountsSinceSql, new { postIds, since }, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);

    private const string CommentersSql = """
        SELECT DISTINCT author_id
          FROM comments
         WHERE post_id = @postId AND deleted_at IS NULL AND hidden_at IS NULL
        """;

    /// Everyone with a visible comment under a post (the reach funnel counts them, never lists them).
    public async Task<IReadOnlyList<long>> CommentersAsync(DbConnection connection, long postId, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(CommentersSql, new { postId }, cancellationToken: ct))];

    private const string CommentersBetweenSql = """
        SELECT author_id AS user_id, created_at AS at
          FROM comments
         WHERE created_at >= @from AND created_at < @to
        """;

    /// Who commented in [from, to): analytics' rollup counts the people per period.
    public async Task<IReadOnlyList<PersonActivity>> CommentersBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<PersonActivity>(CommentersBetweenSql, new { from, to }, transaction)];

    private const string ExchangesBetweenSql = """
        SELECT c.author_id AS writer_id, p.author_id, COALESCE(p.department_id, 0) AS department_id
          FROM comments c
          JOIN posts p ON p.id = c.post_id
         WHERE c.created_at >= @from AND c.created_at < @to AND c.deleted_at IS NULL AND
        """ + " " + PostVisibility.Listed;

    /// Who commented on whose post in [from, to), per comment: the rollup counts them by the two people's levels.
    public async Task<IReadOnlyList<Exchange>> ExchangesBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<Exchange>(ExchangesBetweenSql, new { from, to }, transaction)];

    private const string OnPostsOfSql = """
        SELECT c.post_id, c.author_id AS writer_id, c.created_at
          FROM posts p
          JOIN comments c ON c.post_id = p.id
         WHERE p.author_id IN @authors AND p.created_at >= @postsFrom AND p.created_at < @to
           AND c.created_at >= @from AND c.created_at < @to AND c.deleted_at IS NULL AND
        """ + " " + PostVisibility.Listed + """

         ORDER BY c.created_at
        """;

    /// The comments written in [from, to) under posts of some authors published since postsFrom: how fast leadership
    /// answers staff under its own posts. Read from the authors' posts, which are few, not from every comment.
    public async Task<IReadOnlyList<CommentAt>> OnPostsOfAsync(DbConnection connection, IReadOnlyCollection<long> authors, DateTimeOffset postsFrom,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        authors.Count == 0 ? [] : [.. await connection.QueryAsync<CommentAt>(new CommandDefinition(OnPostsOfSql, new { authors, postsFrom, from, to }, cancellationToken: ct))];
}

/// One comment as analytics counts it: who wrote it, on whose post, in which department (0: company-wide).
public sealed record Exchange
{
    public long WriterId { get; init; }
    public long AuthorId { get; init; }
    public long DepartmentId { get; init; }
}

public sealed record CommentAt
{
    public long PostId { get; init; }
    public long WriterId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
