using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.AtomFeeds;

/// One entry: a post as a feed reader shows it.
public sealed record FeedEntry
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? Title { get; init; }
    public string Excerpt { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public string Author { get; init; } = "";
    public long AuthorId { get; init; }
    public string? Department { get; init; }
}

/// What a feed is of: the company, a department, a topic or a person, and its name for the feed's title.
public sealed record FeedScope(string Kind, long? Id, string? Key, string Name);

/// The newest posts of one scope, by the same visibility rule as every list of posts.
public sealed class AtomFeedQuery(Database db)
{
    public const int Size = 30;

    private const string Columns = """
        SELECT p.id, p.kind, p.title, p.excerpt, p.body_html, p.created_at, p.edited_at, u.display_name AS author, p.author_id, d.name AS department
          FROM posts p
          JOIN users u ON u.id = p.author_id
          LEFT JOIN departments d ON d.id = p.department_id
        """;

    private static string Sql(string where) => Columns + "\n WHERE " + PostVisibility.Listed + " AND " + where + "\n ORDER BY p.id DESC LIMIT @size";

    private static readonly string CompanySql = Sql("1 = 1");
    private static readonly string DepartmentSql = Sql("p.department_id = @id");
    private static readonly string PersonSql = Sql("p.author_id = @id");
    private static readonly string TopicSql = Sql("p.id IN (SELECT post_id FROM post_tags WHERE tag_id = @id)");

    private const string DepartmentNameSql = "SELECT name FROM departments WHERE id = @id";
    private const string PersonNameSql = "SELECT display_name FROM users WHERE id = @id";
    // Keys fold as the topic pages fold them (case, Unicode normalization), so /atom/topics/URLAUB.atom is #urlaub.
    private const string TopicByKeySql = "SELECT id, name FROM tags WHERE key = @key";

    /// The scope a route names, or null when there is no such department, person or topic.
    public async Task<FeedScope?> ScopeAsync(string kind, long? id, string? key, string companyName, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        switch (kind)
        {
            case "company":
                return new FeedScope(kind, null, null, companyName);
            case "department":
                return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(DepartmentNameSql, new { id }, cancellationToken: ct)) is { } d ? new FeedScope(kind, id, null, d) : null;
            case "person":
                return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(PersonNameSql, new { id }, cancellationToken: ct)) is { } p ? new FeedScope(kind, id, null, p) : null;
            default:
                var topic = await connection.QuerySingleOrDefaultAsync<(long Id, string Name)?>(new CommandDefinition(TopicByKeySql, new { key = Handles.TopicKey(key ?? "") }, cancellationToken: ct));
                return topic is { } t ? new FeedScope("topic", t.Id, key, "#" + t.Name) : null;
        }
    }

    public async Task<IReadOnlyList<FeedEntry>> EntriesAsync(FeedScope scope, CancellationToken ct)
    {
        var sql = scope.Kind switch
        {
            "company" => CompanySql,
            "department" => DepartmentSql,
            "person" => PersonSql,
            _ => TopicSql,
        };
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<FeedEntry>(new CommandDefinition(sql, new { id = scope.Id, size = Size }, cancellationToken: ct))).AsList();
    }
}
