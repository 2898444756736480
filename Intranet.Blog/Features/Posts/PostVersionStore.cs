using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Posts;

/// One version of a post's text: an earlier one from post_versions, or the current one from the post itself.
public sealed record PostVersion
{
    public int Number { get; init; }
    public string? Title { get; init; }
    public string BodyMd { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public DateTimeOffset WrittenAt { get; init; }
    public bool Current { get; init; }
    public PersonCard WrittenBy { get; init; } = new();
}

/// Owns post_versions: the texts earlier edits replaced. Written only by PostService's one edit path, inside the
/// edit's own transaction, so no edit can change a post without its previous text being kept.
public sealed class PostVersionStore(TimeProvider clock)
{
    // Copies the post's text as it is before the edit, with who wrote it and since when. Nothing is kept when the
    // edit leaves title and text as they are (a change of department only).
    private const string KeepSql = """
        INSERT INTO post_versions (post_id, number, title, body_md, body_html, written_by, written_at, replaced_at)
        SELECT p.id, (SELECT COUNT(*) + 1 FROM post_versions v WHERE v.post_id = p.id), p.title, p.body_md, p.body_html,
               COALESCE(p.edited_by, p.author_id), COALESCE(p.edited_at, p.created_at), @now
          FROM posts p
         WHERE p.id = @postId AND p.deleted_at IS NULL
           AND (p.title IS DISTINCT FROM @title OR p.body_md <> @bodyMd)
        """;

    /// Before the edit is written; returns whether a version was kept (the text changed).
    public async Task<bool> KeepAsync(DbConnection connection, DbTransaction transaction, long postId, string? title, string bodyMd) =>
        await connection.ExecuteAsync(KeepSql, new { postId, title, bodyMd, now = clock.GetUtcNow() }, transaction) > 0;

    private const string CountSql = "SELECT COUNT(*) + 1 FROM post_versions WHERE post_id = @postId";

    /// The number of the post's current version (1 for a post never edited).
    public Task<int> CurrentNumberAsync(DbConnection connection, long postId, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<int>(CountSql, new { postId }, transaction);

    private const string HistorySql = """
        SELECT v.number, v.title, v.body_md, v.body_html, v.written_at, 0 AS current,
        """ + " " + PersonCardSql.Columns + """

          FROM post_versions v
          JOIN users u ON u.id = v.written_by

        """ + PersonCardSql.JoinDepartment + """

         WHERE v.post_id = @postId
        UNION ALL
        SELECT (SELECT COUNT(*) + 1 FROM post_versions v WHERE v.post_id = p.id), p.title, p.body_md, p.body_html,
               COALESCE(p.edited_at, p.created_at), 1,
        """ + " " + PersonCardSql.Columns + """

          FROM posts p
          JOIN users u ON u.id = COALESCE(p.edited_by, p.author_id)

        """ + PersonCardSql.JoinDepartment + """

         WHERE p.id = @postId
         ORDER BY 1
        """;

    /// Every version, the original first and the current last.
    public async Task<IReadOnlyList<PostVersion>> HistoryAsync(DbConnection connection, long postId, CancellationToken ct) =>
        (await connection.QueryAsync<PostVersion, PersonCard, PostVersion>(new CommandDefinition(HistorySql, new { postId }, cancellationToken: ct),
            (version, writer) => version with { WrittenBy = writer }, splitOn: "id")).AsList();
}
