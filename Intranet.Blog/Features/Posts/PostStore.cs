using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Posts;

/// Owns the posts table. Lists are keyset-paged by id: the first page passes long.MaxValue, so the
/// index range stays usable and a page boundary does not move while new posts arrive.
public sealed class PostStore(TimeProvider clock)
{
    // The author's columns come last, as People's card: Rows maps them from the second "id" on.
    private const string Columns = """
        SELECT p.id, p.author_id, p.kind, p.title, p.body_html, p.excerpt, p.department_id, d.name AS department_name,
               p.pinned, p.comment_count, p.seen_count, p.opened_count, p.created_at, p.edited_at, p.deleted_at, p.hidden_at,
               p.owner_id, o.display_name AS owner_name, COALESCE(o.is_active, 0) AS owner_active, p.review_by, p.reviewed_at, p.source_comment_id, p.locked,
               q.post_id IS NOT NULL AS is_question, q.first_answer_at AS answered_at, qa.id AS accepted_comment_id, qa.body_html AS accepted_html,
               qa.author_id AS accepted_by_id, qu.display_name AS accepted_by_name,
               ir.post_id IS NOT NULL AS is_idea_round, ir.closes_at AS ideas_close_at, ir.closes_zone AS ideas_close_zone, iro.id AS idea_outcome_id,
               CASE WHEN ir.post_id IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM ideas i WHERE i.round_id = ir.post_id) END AS idea_count,
               li.title AS leading_idea_title, COALESCE(li.supports, 0) AS leading_idea_supports,
        """ + " " + PersonCardSql.Columns + """

          FROM posts p
          JOIN users u ON u.id = p.author_id
          LEFT JOIN departments d ON d.id = p.department_id
          LEFT JOIN users o ON o.id = p.owner_id
          -- A question's state shows on every card, so it comes with the row (Features/Questions owns the table).
          LEFT JOIN questions q ON q.post_id = p.id
          LEFT JOIN comments qa ON qa.id = q.accepted_comment_id AND qa.deleted_at IS NULL AND qa.hidden_at IS NULL
          LEFT JOIN users qu ON qu.id = qa.author_id
          -- So does an idea round's (Features/Ideas owns the tables): its count, leader and outcome, read by index.
          LEFT JOIN idea_rounds ir ON ir.post_id = p.id
          LEFT JOIN posts iro ON iro.id = ir.outcome_post_id AND iro.deleted_at IS NULL
          LEFT JOIN ideas li ON ir.post_id IS NOT NULL AND li.id = (SELECT i.id FROM ideas i WHERE i.round_id = ir.post_id ORDER BY i.supports DESC, i.id LIMIT 1)

        """ + PersonCardSql.JoinDepartment;

    private static async Task<IReadOnlyList<PostRow>> RowsAsync(DbConnection connection, CommandDefinition command) =>
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

    // The "Questions" chip: posts asked as questions, newest first, in the whole company or in one department.
    private const string PageQuestionsSql = Columns + """

         WHERE q.post_id IS NOT NULL AND p.id < @before AND
        """ + " " + PostVisibility.Listed + """

           AND (@departmentId IS NULL OR p.department_id = @departmentId)
         ORDER BY p.id DESC
         LIMIT @take
        """;

    // A department with its sub-departments: the ids come from DepartmentStore.SubtreeAsync, the one walk of the tree.
    private const string PageByDepartmentsSql = Columns + """

         WHERE p.department_id IN @departmentIds AND p.id < @before AND
        """ + " " + PostVisibility.Listed + """

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
    public async Task<IReadOnlyList<PostRow>> PageAsync(DbConnection connection, FeedFilter filter, long before, int take, CancellationToken ct)
    {
        var sql = filter switch
        {
            { Questions: true } => PageQuestionsSql,
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
    public async Task<IReadOnlyList<PostRow>> ByIdsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await RowsAsync(connection, new CommandDefinition(ByIdsSql, new { ids }, cancellationToken: ct));

    private const string GetSql = Columns + """

         WHERE p.id = @id
        """;

    private const string ManySql = Columns + """

         WHERE p.id IN @ids
        """;

    /// Deleted posts included, like GetAsync; for a page of live events.
    public Task<IReadOnlyList<PostRow>> ManyAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        RowsAsync(connection, new CommandDefinition(ManySql, new { ids }, cancellationToken: ct));

    private const string GetSourceSql = "SELECT body_md FROM posts WHERE id = @id";

    /// Deleted posts come back too (with DeletedAt set), so callers can tell "gone" from "never existed".
    public async Task<PostRow?> GetAsync(DbConnection connection, long id, bool withSource, CancellationToken ct, DbTransaction? transaction = null)
    {
        var post = (await RowsAsync(connection, new CommandDefinition(GetSql, new { id }, transaction, cancellationToken: ct))).SingleOrDefault();
        if (post is not null && withSource)
        {
            post = post with { BodyMd = await connection.ExecuteScalarAsync<string>(new CommandDefinition(GetSourceSql, new { id }, transaction, cancellationToken: ct)) ?? "" };
        }

        return post;
    }

    // Reads a comment and its author, never writes them: the comment finds its guide through posts.source_comment_id.
    private const string GuideSourceSql = """
        SELECT c.id AS CommentId, p.id AS PostId, u.display_name AS AuthorName, COALESCE(p.title, p.excerpt) AS PostTitle, c.body_md AS BodyMd,
               (SELECT g.id FROM posts g WHERE g.source_comment_id = c.id AND g.kind = 'guide' AND g.deleted_at IS NULL AND g.hidden_at IS NULL ORDER BY g.id LIMIT 1) AS GuideId
          FROM comments c
          JOIN posts p ON p.id = c.post_id
          JOIN users u ON u.id = c.author_id
         WHERE c.id = @commentId AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND
        """ + " " + PostVisibility.Listed;

    /// The comment a guide is made from, with where it was said and the guide it became already; null when it is gone.
    public Task<GuideSource?> GuideSourceAsync(DbConnection connection, long commentId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<GuideSource?>(new CommandDefinition(GuideSourceSql, new { commentId }, transaction, cancellationToken: ct));

    // An article by its title, a micropost by the start of its text.
    private const string TitlesSql = """
        SELECT id, COALESCE(NULLIF(title, ''), excerpt) AS title
          FROM posts
         WHERE id IN @ids
        """;

    /// What a post is called where it is named (the audit log), by id.
    public async Task<IReadOnlyDictionary<long, string>> TitlesAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        (await connection.QueryAsync<(long Id, string Title)>(new CommandDefinition(TitlesSql, new { ids }, cancellationToken: ct))).ToDictionary(p => p.Id, p => p.Title);

    private const string InsertSql = """
        INSERT INTO posts (author_id, kind, title, body_md, body_html, body_version, excerpt, department_id, owner_id, review_by, source_comment_id, created_at)
        VALUES (@AuthorId, @Kind, @Title, @BodyMd, @BodyHtml, @version, @Excerpt, @DepartmentId, @OwnerId, @ReviewBy, @SourceCommentId, @now)
        RETURNING id
        """;

    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, NewPost post, DateTimeOffset? at = null) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            post.AuthorId, post.Kind, post.Title, post.BodyMd, post.BodyHtml, post.Excerpt, post.DepartmentId, post.OwnerId, post.ReviewBy, post.SourceCommentId,
            now = at ?? clock.GetUtcNow(), version = MarkdownRenderer.Version,
        }, transaction);

    private const string UpdateSql = """
        UPDATE posts
           SET title = @Title, body_md = @BodyMd, body_html = @BodyHtml, body_version = @version, excerpt = @Excerpt,
               department_id = @DepartmentId, review_by = COALESCE(@ReviewBy, review_by),
               -- "edited" means the text changed (and a version was kept), not only the department.
               edited_at = CASE WHEN title IS DISTINCT FROM @Title OR body_md <> @BodyMd THEN @now ELSE edited_at END,
               edited_by = CASE WHEN title IS DISTINCT FROM @Title OR body_md <> @BodyMd THEN @EditedBy ELSE edited_by END
         WHERE id = @Id AND deleted_at IS NULL
        """;

    /// A guide's review date moves only when the edit gives one; other kinds have none.
    public Task<int> UpdateAsync(DbConnection connection, DbTransaction transaction, PostEdit edit) =>
        connection.ExecuteAsync(UpdateSql, new { edit.Id, edit.Title, edit.BodyMd, edit.BodyHtml, edit.Excerpt, edit.DepartmentId, edit.EditedBy, edit.ReviewBy, now = clock.GetUtcNow(), version = MarkdownRenderer.Version }, transaction);

    private const string SoftDeleteSql = """
        UPDATE posts
           SET deleted_at = @now
         WHERE id = @id AND deleted_at IS NULL
        """;

    private const string SetHiddenSql = """
        UPDATE posts
           SET hidden_at = CASE WHEN @hidden = 1 THEN @now END
         WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = (@hidden = 1)
        """;

    /// Moderation hides or restores; 0 when the post is gone or already in that state (a concurrent decision won).
    public Task<int> SetHiddenAsync(DbConnection connection, DbTransaction transaction, long id, bool hidden) =>
        connection.ExecuteAsync(SetHiddenSql, new { id, hidden, now = clock.GetUtcNow() }, transaction);

    private const string LockSql = "UPDATE posts SET locked = 1 WHERE id = @id";

    /// From now on nobody edits the post's text (PostRights): it is someone else's words, as a released anonymous question.
    public Task LockAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteAsync(LockSql, new { id }, transaction);

    /// Soft delete: comments, reactions and reads keep pointing at the row; lists skip it.
    public Task<int> SoftDeleteAsync(DbConnection connection, DbTransaction transaction, long id) =>
        connection.ExecuteAsync(SoftDeleteSql, new { id, now = clock.GetUtcNow() }, transaction);

    private const string StaleBodiesSql = """
        SELECT id, kind, body_md
          FROM posts
         WHERE body_version < @version AND id > @after
         ORDER BY id
         LIMIT @take
        """;

    /// Bodies an older renderer made, in id order after `after` (for Rerenderer, through PostBodies).
    public async Task<IReadOnlyList<(long Id, string Kind, string BodyMd)>> StaleBodiesAsync(DbConnection connection, long after, int take, CancellationToken ct) =>
        (await connection.QueryAsync<(long, string, string)>(new CommandDefinition(StaleBodiesSql, new { after, take, version = MarkdownRenderer.Version }, cancellationToken: ct))).AsList();

    private const string RerenderedSql = """
        UPDATE posts
           SET body_html = @html, excerpt = @excerpt, body_version = @version
         WHERE id = @id AND body_md = @bodyMd AND body_version < @version
        """;

    /// Not an edit: no edited time, no event. A body edited since it was read keeps the edit's rendering.
    public Task<int> RerenderedAsync(DbConnection connection, DbTransaction transaction, long id, string bodyMd, string html, string excerpt) =>
        connection.ExecuteAsync(RerenderedSql, new { id, bodyMd, html, excerpt, version = MarkdownRenderer.Version }, transaction);

    // A library lists every guide of its department (a few dozen, rarely hundreds); the cap keeps a runaway one cheap.
    // It counts per department, so one department's many guides never push another's out of the company-wide page,
    // and pinned guides are always listed, however old.
    public const int LibraryCap = 500;

    private const string GuidesSql = Columns + """

         WHERE p.id IN (
               SELECT id
                 FROM (SELECT p.id, ROW_NUMBER() OVER (ORDER BY p.id DESC) AS newest
                         FROM posts p
                        WHERE p.kind = 'guide' AND p.department_id = @departmentId AND
        """ + " " + PostVisibility.Listed + """

                          AND (@topic IS NULL OR EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND t.key = @topic))) ranked
                WHERE newest <= @take OR id IN @pinned)
         ORDER BY p.id DESC
        """;

    private const string AllGuidesSql = Columns + """

         WHERE p.id IN (
               SELECT id
                 FROM (SELECT p.id, ROW_NUMBER() OVER (PARTITION BY p.department_id ORDER BY p.id DESC) AS newest
                         FROM posts p
                        WHERE p.kind = 'guide' AND p.department_id IS NOT NULL AND
        """ + " " + PostVisibility.Listed + """

                          AND (@topic IS NULL OR EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND t.key = @topic))) ranked
                WHERE newest <= @take OR id IN @pinned)
         ORDER BY p.id DESC
        """;

    /// The guides of a department (every department's when null), newest first, optionally of one topic key: at most
    /// LibraryCap per department, and the pinned ones among them whatever their age.
    public async Task<IReadOnlyList<PostRow>> GuidesAsync(
        DbConnection connection, long? departmentId, string? topic, IReadOnlyCollection<long> pinned, CancellationToken ct) =>
        await RowsAsync(connection, new CommandDefinition(departmentId is null ? AllGuidesSql : GuidesSql,
            new { departmentId, topic, pinned, take = LibraryCap }, cancellationToken: ct));

    private const string SetOwnerSql = "UPDATE posts SET owner_id = @ownerId WHERE id = @id AND kind = 'guide' AND deleted_at IS NULL";

    public Task<int> SetOwnerAsync(DbConnection connection, DbTransaction transaction, long id, long? ownerId) =>
        connection.ExecuteAsync(SetOwnerSql, new { id, ownerId }, transaction);

    private const string ReviewedSql = """
        UPDATE posts
           SET review_by = @next, reviewed_at = @now, reviewed_by = @reviewerId
         WHERE id = @id AND kind = 'guide' AND deleted_at IS NULL
        """;

    /// "Still valid": recorded with who and when, and the next date set. Not an edit: the text and edited_at stay.
    public Task<int> ReviewedAsync(DbConnection connection, DbTransaction transaction, long id, long reviewerId, DateTimeOffset next) =>
        connection.ExecuteAsync(ReviewedSql, new { id, reviewerId, next, now = clock.GetUtcNow() }, transaction);

    private const string DueSql = """
        SELECT p.id, p.title, p.department_id, p.review_by, p.owner_id, COALESCE(o.is_active, 0) AS owner_active
          FROM posts p
          LEFT JOIN users o ON o.id = p.owner_id
         WHERE p.kind = 'guide' AND p.review_by <= @until AND p.deleted_at IS NULL
           AND (p.review_reminded_for IS NULL OR p.review_reminded_for <> p.review_by)
         ORDER BY p.review_by, p.id
         LIMIT @take
        """;

    /// Guides due for a look by until whose owner has not been reminded of this date yet.
    public async Task<IReadOnlyList<DueGuide>> DueForReminderAsync(DbConnection connection, DateTimeOffset until, int take, CancellationToken ct) =>
        (await connection.QueryAsync<DueGuide>(new CommandDefinition(DueSql, new { until, take }, cancellationToken: ct))).AsList();

    private const string RemindedSql = "UPDATE posts SET review_reminded_for = @reviewBy WHERE id = @id AND review_by = @reviewBy";

    /// Only for the date reminded of: if the guide got a new date meanwhile, that one is reminded of in its time.
    public Task<int> RemindedAsync(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset reviewBy) =>
        connection.ExecuteAsync(RemindedSql, new { id, reviewBy }, transaction);

    private const string OwnedSql = """
        SELECT id, title, department_id, review_by, owner_id, 1 AS owner_active
          FROM posts
         WHERE owner_id = @ownerId AND kind = 'guide' AND deleted_at IS NULL
         ORDER BY id
        """;

    /// Inside a write: the guides a person keeps, for the hand-over when they leave.
    public async Task<IReadOnlyList<DueGuide>> OwnedGuidesAsync(DbConnection connection, DbTransaction transaction, long ownerId) =>
        (await connection.QueryAsync<DueGuide>(OwnedSql, new { ownerId }, transaction)).AsList();

    private const string AdjustCommentCountSql = "UPDATE posts SET comment_count = comment_count + @delta WHERE id = @id";

    public Task AdjustCommentCountAsync(DbConnection connection, DbTransaction transaction, long id, int delta) =>
        connection.ExecuteAsync(AdjustCommentCountSql, new { id, delta }, transaction);

    private const string AdjustSeenCountSql = "UPDATE posts SET seen_count = seen_count + @delta WHERE id = @id";

    public Task AdjustSeenCountAsync(DbConnection connection, DbTransaction transaction, long id, int delta) =>
        connection.ExecuteAsync(AdjustSeenCountSql, new { id, delta }, transaction);

    private const string AdjustOpenedCountSql = "UPDATE posts SET opened_count = opened_count + @delta WHERE id = @id";

    public Task AdjustOpenedCountAsync(DbConnection connection, DbTransaction transaction, long id, int delta) =>
        connection.ExecuteAsync(AdjustOpenedCountSql, new { id, delta }, transaction);

    private const string ReadsToFoldSql = """
        SELECT id
          FROM posts
         WHERE reads_folded_at IS NULL AND created_at < @before
         ORDER BY created_at
         LIMIT @take
        """;

    /// Posts published before a time whose per-person read rows are still kept (the read retention's next batch).
    public async Task<IReadOnlyList<long>> ReadsToFoldAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset before, int take) =>
        [.. await connection.QueryAsync<long>(ReadsToFoldSql, new { before, take }, transaction)];

    private const string MarkReadsFoldedSql = "UPDATE posts SET reads_folded_at = @now WHERE id IN @ids";

    public Task MarkReadsFoldedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> ids, DateTimeOffset now) =>
        connection.ExecuteAsync(MarkReadsFoldedSql, new { ids, now }, transaction);

    private const string WritersBetweenSql = """
        SELECT author_id AS user_id, created_at AS at
          FROM posts
         WHERE created_at >= @from AND created_at < @to
        """;

    /// Who published a post in [from, to): analytics' rollup counts the people per period.
    public async Task<IReadOnlyList<PersonActivity>> WritersBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<PersonActivity>(WritersBetweenSql, new { from, to }, transaction)];

    private const string KindCountsBetweenSql = """
        SELECT COALESCE(p.department_id, 0) AS department_id, p.kind, COUNT(*) AS count
          FROM posts p
         WHERE p.created_at >= @from AND p.created_at < @to AND
        """ + " " + PostVisibility.Listed + """

         GROUP BY COALESCE(p.department_id, 0), p.kind
        """;

    /// Posts published in [from, to) per department (0: company-wide) and kind, for analytics' daily counts.
    public async Task<IReadOnlyList<(long DepartmentId, string Kind, int Count)>> KindCountsBetweenAsync(
        DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<(long, string, int)>(KindCountsBetweenSql, new { from, to }, transaction)];

    private const string GuideWritersSql = """
        SELECT p.author_id
          FROM posts p
         WHERE p.kind = 'guide' AND p.created_at >= @from AND p.created_at < @to AND
        """ + " " + PostVisibility.Listed;

    /// The authors of the guides published in [from, to), once per guide (helpful colleagues).
    public async Task<IReadOnlyList<long>> GuideWritersAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(GuideWritersSql, new { from, to }, cancellationToken: ct))];
}

/// A guide as the reminders and the hand-over see it.
public sealed record DueGuide
{
    public long Id { get; init; }
    public string? Title { get; init; }
    public long? DepartmentId { get; init; }
    public DateTimeOffset? ReviewBy { get; init; }
    public long? OwnerId { get; init; }
    public bool OwnerActive { get; init; }
}

/// Topic is a tags.key (normalized, see Handles.TopicKey). FollowerId: only posts from what that person follows (the "Following" tab).
/// DepartmentIds: posts of any of these departments (a department's page with its sub-departments).
public sealed record FeedFilter(
    long? DepartmentId = null, long? AuthorId = null, string? Kind = null, string? Topic = null, long? FollowerId = null, IReadOnlyList<long>? DepartmentIds = null,
    bool Questions = false);
