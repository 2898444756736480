using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Topics;

public sealed record Topic
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
}

public sealed record PostTopic
{
    public long PostId { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
}

public sealed record TrendingTopic
{
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public int Posts { get; init; }

    public string Url => TopicUrls.Of(Key);
}

public static class TopicUrls
{
    /// A topic's page; the key is what Handles.TopicKey made of the name.
    public static string Of(string key) => "/topics/" + Uri.EscapeDataString(key);
}

/// Owns tags and post_tags: the #topics of posts. A post's topics are written with the post, in its transaction.
public sealed class TopicStore(Database db, TimeProvider clock)
{
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(7);
    public const int TrendingCount = 8;

    // Every feed page shows the trending topics, and they change slowly: the answer is kept for a minute, or until
    // a write changes some post's topics. A deleted post may linger in it for that minute.
    private static readonly TimeSpan TrendingFreshFor = TimeSpan.FromMinutes(1);
    private volatile TrendingAnswer? _trending;

    private sealed record TrendingAnswer(DateTimeOffset At, IReadOnlyList<TrendingTopic> Topics);

    private const string UpsertTagSql = """
        INSERT INTO tags (key, name, created_at)
        VALUES (@Key, @Name, @now)
        ON CONFLICT (key) DO NOTHING
        """;

    private const string PostTopicsSql = """
        SELECT t.key
          FROM post_tags pt
          JOIN tags t ON t.id = pt.tag_id
         WHERE pt.post_id = @postId
        """;

    private const string UntagSql = """
        DELETE FROM post_tags
         WHERE post_id = @postId AND tag_id IN (SELECT id FROM tags WHERE key IN @keys)
        """;

    // created_at copies the post's, so an edit that adds a topic to an old post does not make it trend.
    private const string TagSql = """
        INSERT INTO post_tags (tag_id, post_id, created_at)
        SELECT t.id, p.id, p.created_at
          FROM tags t, posts p
         WHERE t.key = @Key AND p.id = @postId
        """;

    /// Makes the post's topics equal to topics; a new topic keeps the spelling first used as its name.
    public async Task ReplaceAsync(DbConnection connection, DbTransaction transaction, long postId, IReadOnlyList<TopicToken> topics)
    {
        var current = (await connection.QueryAsync<string>(PostTopicsSql, new { postId }, transaction)).ToHashSet();
        var removed = current.Where(k => !topics.Any(t => t.Key == k)).ToList();
        if (removed.Count > 0)
        {
            await connection.ExecuteAsync(UntagSql, new { postId, keys = removed }, transaction);
        }

        var added = topics.Where(t => !current.Contains(t.Key)).ToList();
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(UpsertTagSql, added.Select(t => new { t.Key, t.Name, now }), transaction);
        await connection.ExecuteAsync(TagSql, added.Select(t => new { t.Key, postId }), transaction);
        if (added.Count > 0 || removed.Count > 0)
        {
            _trending = null;
        }
    }

    private const string ExistingKeysSql = "SELECT key FROM tags WHERE key IN @keys";

    public async Task<IReadOnlySet<string>> ExistingKeysAsync(DbConnection connection, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        keys.Count == 0 ? new HashSet<string>()
            : (await connection.QueryAsync<string>(new CommandDefinition(ExistingKeysSql, new { keys }, cancellationToken: ct))).ToHashSet();

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM tags WHERE id = @id)";

    public async Task<bool> ExistsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: ct));
    }

    private const string IdsOfPostSql = "SELECT tag_id FROM post_tags WHERE post_id = @postId";

    /// Inside the post's write: the ids of its topics, for whoever follows them.
    public async Task<IReadOnlyList<long>> IdsOfPostAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        (await connection.QueryAsync<long>(IdsOfPostSql, new { postId }, transaction)).AsList();

    private const string GetSql = "SELECT id, key, name FROM tags WHERE key = @key";

    /// key as typed in a URL: the lookup normalizes it, so /topics/Betriebsrat finds #betriebsrat.
    public Task<Topic?> GetAsync(DbConnection connection, string key, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<Topic>(new CommandDefinition(GetSql, new { key = Handles.TopicKey(key) }, cancellationToken: ct));

    private const string TrendingSql = """
        SELECT t.key, t.name, COUNT(*) AS posts
          FROM post_tags pt
          JOIN tags t ON t.id = pt.tag_id
          JOIN posts p ON p.id = pt.post_id
         WHERE pt.created_at >= @since AND
        """ + " " + PostVisibility.Listed + """

         GROUP BY t.id
         ORDER BY posts DESC, t.key
         LIMIT @take
        """;

    /// The TrendingCount topics with the most posts written in the last TrendingWindow.
    public async Task<IReadOnlyList<TrendingTopic>> TrendingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_trending is { } kept && now - kept.At < TrendingFreshFor && now >= kept.At)
        {
            return kept.Topics;
        }

        await using var connection = await db.OpenAsync(ct);
        var topics = (await connection.QueryAsync<TrendingTopic>(new CommandDefinition(TrendingSql, new { since = now - TrendingWindow, take = TrendingCount }, cancellationToken: ct))).AsList();
        _trending = new TrendingAnswer(now, topics);
        return topics;
    }

    private const string DepartmentCountsBetweenSql = """
        SELECT COALESCE(p.department_id, 0) AS department_id, pt.tag_id, COUNT(*) AS count
          FROM post_tags pt
          JOIN posts p ON p.id = pt.post_id
         WHERE pt.created_at >= @from AND pt.created_at < @to AND
        """ + " " + PostVisibility.Listed + """

         GROUP BY COALESCE(p.department_id, 0), pt.tag_id
        """;

    /// Posts per topic published in [from, to), per department of the post (0: company-wide): a day of the analytics
    /// rollup, which stores them so that the dashboard never counts a quarter of post_tags per page view.
    public async Task<IReadOnlyList<(long DepartmentId, long TagId, int Count)>> DepartmentCountsBetweenAsync(
        DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        (await connection.QueryAsync<(long, long, int)>(DepartmentCountsBetweenSql, new { from, to }, transaction)).AsList();

    private const string ByIdsSql = "SELECT id, key, name FROM tags WHERE id IN @ids";

    public async Task<IReadOnlyDictionary<long, (string Key, string Name)>> ByIdsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0
            ? new Dictionary<long, (string, string)>()
            : (await connection.QueryAsync<(long Id, string Key, string Name)>(new CommandDefinition(ByIdsSql, new { ids }, cancellationToken: ct)))
                .ToDictionary(r => r.Id, r => (r.Key, r.Name));

    private const string OfPostsSql = """
        SELECT pt.post_id, t.key, t.name
          FROM post_tags pt
          JOIN tags t ON t.id = pt.tag_id
         WHERE pt.post_id IN @postIds
         ORDER BY t.name
        """;

    /// The topics of some posts, for the topic filter of a guide library.
    public async Task<IReadOnlyList<PostTopic>> OfPostsAsync(DbConnection connection, IReadOnlyList<long> postIds, CancellationToken ct) =>
        postIds.Count == 0 ? [] : (await connection.QueryAsync<PostTopic>(new CommandDefinition(OfPostsSql, new { postIds }, cancellationToken: ct))).AsList();
}
