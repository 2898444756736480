using Dapper;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;

namespace Intranet.Blog.Features.Search;

/// A post or comment found. CommentId is set for a comment; Title and Kind are its post's.
public sealed record TextHit
{
    public long Doc { get; init; }
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public string Kind { get; init; } = "";

    /// The post is an announcement (its kind stays an article's): results name it as such.
    public bool Announced { get; init; }
    public string? Title { get; init; }
    public string BodyHtml { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? DepartmentName { get; init; }
    public PersonCard Author { get; init; } = new();
}

public sealed record TopicHit
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
}

public sealed record DepartmentHit
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public int PeopleCount { get; init; }
}

/// What a text search is narrowed to, resolved to ids. DocKind: SearchIndex.Doc.Post or .Comment; PostKind: article,
/// micro or guide. Since and Until: created in [Since, Until).
public sealed record TextFilter
{
    public int? DocKind { get; init; }
    public string? PostKind { get; init; }
    public long? AuthorId { get; init; }
    public long? DepartmentId { get; init; }
    public long? TopicId { get; init; }
    public DateTimeOffset Since { get; init; } = DateTimeOffset.FromUnixTimeMilliseconds(0);
    public DateTimeOffset Until { get; init; } = DateTimeOffset.MaxValue;
}

/// Reads the search index for posts, comments, topics and departments (people: PeopleStore.SearchAsync). Only what
/// the viewer may see is found: the posts' one visibility rule (PostVisibility.Listed) and the comments' apply inside
/// the query, so no count, page or suggestion ever includes the rest.
public sealed class SearchStore(Database db, SearchIndex search, TimeProvider clock)
{
    // Relevance falls with age: a match 90 days old counts half of the same match today.
    private const double RecencyHalfLifeMs = 90.0 * 24 * 60 * 60 * 1000;

    /// How many of the newest matching posts, and as many comments, relevance chooses from. A word found in tens of
    /// thousands of documents would otherwise have each of them scored, joined to its row and sorted for one page;
    /// the newest 500 are all that the results pages show (25 of 20) and, at a half-life of 90 days, where the best
    /// by relevance with recency nearly always are. A search that matches fewer is ranked in full. The price: a better
    /// but older match behind more than 500 newer ones is not on the first pages by relevance; a filter (kind, author,
    /// department, dates) narrows the window onto it (SearchTests.Relevance_ranks_the_newest_matches...).
    public const int RelevanceWindow = 500;

    // The newest @window visible posts and, separately, comments that match and pass the filters, read newest first
    // from the index (SearchIndex.Hits, PostHitsWhere, CommentHitsWhere): each side stops as soon as it has @window. The filters are
    // optional parameters ("@x IS NULL OR"): one statement serves every combination, and the index drives it. Scores:
    // the hits' relevance, or a constant when they are not ranked (FTS5's bm25 first counts every match of every word
    // in its index).
    private static string WindowsSql(SearchIndex search, string score) => """
        WITH post_hits AS (
            SELECT
        """ + " " + search.HitDoc + " AS doc, p.id AS post_id, CAST(NULL AS BIGINT) AS comment_id, p.created_at, " + score + """
         AS score
              FROM
        """ + " " + search.Hits + """

              JOIN
        """ + " " + search.PostsOfHits + " ON p.id = " + search.HitId + """

             WHERE
        """ + " " + search.PostHitsWhere + """

               AND
        """ + " " + PostVisibility.Listed + """

               AND (@docKind IS NULL OR @docKind = 1)
               AND (@postKind IS NULL OR p.kind = @postKind)
               AND (@authorId IS NULL OR p.author_id = @authorId)
               AND (@departmentId IS NULL OR p.department_id = @departmentId)
               AND (@topicId IS NULL OR EXISTS (SELECT 1 FROM post_tags pt WHERE pt.tag_id = @topicId AND pt.post_id = p.id))
               AND p.created_at >= @since AND p.created_at < @until
             ORDER BY
        """ + " " + search.NewestFirst + """

             LIMIT @window
        ),
        comment_hits AS (
            SELECT
        """ + " " + search.HitDoc + " AS doc, p.id AS post_id, c.id AS comment_id, c.created_at, " + score + """
         AS score
              FROM
        """ + " " + search.Hits + """

              JOIN
        """ + " " + search.CommentsOfHits + " ON c.id = " + search.HitId + """

              JOIN
        """ + " " + search.PostsOfHits + """
         ON p.id = c.post_id
             WHERE
        """ + " " + search.CommentHitsWhere + """

               AND
        """ + " " + PostVisibility.Listed + " AND " + CommentStore.VisibleSql + """

               AND (@docKind IS NULL OR @docKind = 2)
               AND (@postKind IS NULL OR p.kind = @postKind)
               AND (@authorId IS NULL OR c.author_id = @authorId)
               AND (@departmentId IS NULL OR p.department_id = @departmentId)
               AND (@topicId IS NULL OR EXISTS (SELECT 1 FROM post_tags pt WHERE pt.tag_id = @topicId AND pt.post_id = p.id))
               AND c.created_at >= @since AND c.created_at < @until
             ORDER BY
        """ + " " + search.NewestFirst + """

             LIMIT @window
        ),
        hits AS (
            SELECT doc, post_id, comment_id, created_at, score FROM post_hits
             UNION ALL
            SELECT doc, post_id, comment_id, created_at, score FROM comment_hits
        ),
        ranked AS (
            SELECT doc, post_id, comment_id, created_at, score / (1.0 + (@now - created_at) / @halfLife) AS relevance
              FROM hits

        """;

    private const string DetailsSql = """

        )
        SELECT r.doc, r.post_id, r.comment_id, p.kind, p.title, COALESCE(c.body_html, p.body_html) AS body_html, r.created_at,
               d.name AS department_name, EXISTS (SELECT 1 FROM announcements a WHERE a.post_id = p.id) AS announced,
        """ + " " + PersonCardSql.Columns + """

          FROM ranked r
          JOIN posts p ON p.id = r.post_id
          LEFT JOIN comments c ON c.id = r.comment_id
          JOIN users u ON u.id = COALESCE(c.author_id, p.author_id)
          LEFT JOIN departments d ON d.id = p.department_id

        """ + PersonCardSql.JoinDepartment;

    private readonly string _byRelevanceSql = WindowsSql(search, search.Score) + """
             ORDER BY relevance, doc DESC
             LIMIT @take OFFSET @skip
        """ + DetailsSql + """

         ORDER BY r.relevance, r.doc DESC
        """;

    // Ids follow the time of publishing within each kind (a draft gets its posts row when it is published), so the
    // newest (skip + take) of each kind hold the page: newest first is exact.
    private readonly string _newestSql = WindowsSql(search, "0") + """
             ORDER BY created_at DESC, doc DESC
             LIMIT @take OFFSET @skip
        """ + DetailsSql + """

         ORDER BY r.created_at DESC, r.doc DESC
        """;

    /// Posts and comments matching, best first (relevance with recency, among the newest RelevanceWindow of each
    /// kind) or newest first.
    public Task<IReadOnlyList<TextHit>> TextsAsync(string match, TextFilter filter, bool newest, int skip, int take, CancellationToken ct = default) =>
        _texts.GetAsync((match, filter, newest, skip, take), async c =>
        {
            var args = new
            {
                // SQLite's parameter names are case-sensitive: each is named as written in the SQL.
                match, now = clock.GetUtcNow(), halfLife = RecencyHalfLifeMs, docKind = filter.DocKind, postKind = filter.PostKind,
                authorId = filter.AuthorId, departmentId = filter.DepartmentId, topicId = filter.TopicId, since = filter.Since,
                until = filter.Until, skip, take, window = newest ? skip + take : Math.Max(RelevanceWindow, skip + take),
            };
            await using var connection = await db.OpenAsync(c);
            var rows = await connection.QueryAsync<TextHit, PersonCard, TextHit>(
                new CommandDefinition(newest ? _newestSql : _byRelevanceSql, args, cancellationToken: c), (hit, author) => hit with { Author = author }, splitOn: "id");
            return (IReadOnlyList<TextHit>)rows.AsList();
        }, ct);

    // The same search is asked again (a result page reloaded, paged back, a word typed and erased in the top bar):
    // kept until the next write, a minute at most (recency moves the ranking as time passes), and a thousand
    // searches per version at most, as the query is anyone's text.
    private readonly VersionedCache<(string, TextFilter, bool, int, int), IReadOnlyList<TextHit>> _texts = new(db, clock, TimeSpan.FromMinutes(1), capacity: 1_000);

    // A topic is shown only while a visible post carries it: its name alone may come from a deleted post.
    private readonly string _topicsSql = """
        SELECT t.id, t.key, t.name
          FROM (
        """ + search.NameHitsSql + """
        ) h
          JOIN tags t ON t.id = h.id
         WHERE EXISTS (SELECT 1 FROM post_tags pt JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = t.id AND
        """ + " " + PostVisibility.Listed + " " + """
        )
         ORDER BY h.score, t.name
         LIMIT @take
        """;

    public async Task<IReadOnlyList<TopicHit>> TopicsAsync(string match, int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<TopicHit>(new CommandDefinition(_topicsSql, new { match, kind = SearchIndex.Doc.Topic, take }, cancellationToken: ct))).AsList();
    }

    private readonly string _departmentsSql = """
        SELECT d.id, d.name, d.people_count
          FROM (
        """ + search.NameHitsSql + """
        ) h
          JOIN departments d ON d.id = h.id
         ORDER BY h.score, d.name
         LIMIT @take
        """;

    public async Task<IReadOnlyList<DepartmentHit>> DepartmentsAsync(string match, int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<DepartmentHit>(new CommandDefinition(_departmentsSql, new { match, kind = SearchIndex.Doc.Department, take }, cancellationToken: ct))).AsList();
    }
}
