using Dapper;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.AtomFeeds;

/// The feeds a person is offered on their feeds page: the company's, and one for each department, person and topic
/// they follow (their own department among them), each address with their token.
public sealed class FeedSubscriptions(Database db, FollowStore follows, FeedTokens tokens)
{
    private const string NamesSql = """
        SELECT 'department' AS kind, id, NULL AS key, name FROM departments WHERE id IN @departments
        UNION ALL
        SELECT 'person', id, NULL, display_name FROM users WHERE id IN @people AND is_active = 1
        UNION ALL
        SELECT 'topic', id, key, '#' || name FROM tags WHERE id IN @topics
        """;

    /// Empty before the person made their token.
    public async Task<IReadOnlyList<FeedLink>> LinksAsync(long userId, string origin, CancellationToken ct)
    {
        if (await tokens.TokenAsync(userId, ct) is not { } key)
        {
            return [];
        }

        var token = Uri.EscapeDataString(key);
        var departments = await follows.FollowedAsync(userId, FollowKinds.Department, ct);
        var people = await follows.FollowedAsync(userId, FollowKinds.Person, ct);
        var topics = await follows.FollowedAsync(userId, FollowKinds.Topic, ct);
        await using var connection = await db.OpenAsync(ct);
        var named = await connection.QueryAsync<(string Kind, long Id, string? Key, string Name)>(
            new CommandDefinition(NamesSql, new { departments, people, topics }, cancellationToken: ct));
        var links = new List<FeedLink> { new("", $"{origin}/atom/company.atom?token={token}") };
        links.AddRange(named
            .OrderBy(n => n.Kind switch { "department" => 0, "person" => 1, _ => 2 }).ThenBy(n => n.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(n => new FeedLink(n.Name, n.Kind switch
            {
                "department" => $"{origin}/atom/departments/{n.Id}.atom?token={token}",
                "person" => $"{origin}/atom/people/{n.Id}.atom?token={token}",
                _ => $"{origin}/atom/topics/{Uri.EscapeDataString(n.Key!)}.atom?token={token}",
            })));
        return links;
    }
}
