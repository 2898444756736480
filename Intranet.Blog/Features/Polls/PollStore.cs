using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Polls;

/// Owns polls, poll_options, poll_voters and poll_votes. An anonymous poll's ballots exist only as counters on its
/// options; who took part is in poll_voters (no time, no ballot); nothing in between is ever written.
public sealed class PollStore(Database db)
{
    private const string InsertPollSql = """
        INSERT INTO polls (post_id, multiple, anonymous, closes_at, closes_zone)
        VALUES (@postId, @Multiple, @Anonymous, @ClosesAt, @ClosesZone)
        """;

    private const string InsertOptionSql = """
        INSERT INTO poll_options (post_id, position, label)
        VALUES (@postId, @position, @label)
        """;

    /// In the post's own transaction.
    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, long postId, PollPlan plan)
    {
        await connection.ExecuteAsync(InsertPollSql, new { postId, plan.Multiple, plan.Anonymous, plan.ClosesAt, plan.ClosesZone }, transaction);
        for (var i = 0; i < plan.Options.Count; i++)
        {
            await connection.ExecuteAsync(InsertOptionSql, new { postId, position = i, label = plan.Options[i] }, transaction);
        }
    }

    private const string PollsSql = """
        SELECT post_id, multiple, anonymous, closes_at, closes_zone
          FROM polls
         WHERE post_id IN @postIds
        """;

    private const string OptionsSql = """
        SELECT o.id, o.post_id, o.label,
               CASE WHEN p.anonymous = 1 THEN o.anonymous_votes
                    ELSE (SELECT COUNT(*) FROM poll_votes v WHERE v.option_id = o.id) END AS votes
          FROM poll_options o
          JOIN polls p ON p.post_id = o.post_id
         WHERE o.post_id IN @postIds
         ORDER BY o.post_id, o.position
        """;

    private const string VoterCountsSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM poll_voters
         WHERE post_id IN @postIds
         GROUP BY post_id
        """;

    /// The polls of these posts with their options and counts: three queries however many posts.
    public async Task<(IReadOnlyList<PollRow> Polls, IReadOnlyList<PollOptionRow> Options, IReadOnlyDictionary<long, int> Voters)> ManyAsync(
        DbConnection connection, IReadOnlyCollection<long> postIds, CancellationToken ct, DbTransaction? transaction = null)
    {
        if (postIds.Count == 0)
        {
            return ([], [], new Dictionary<long, int>());
        }

        var polls = (await connection.QueryAsync<PollRow>(new CommandDefinition(PollsSql, new { postIds }, transaction, cancellationToken: ct))).AsList();
        if (polls.Count == 0)
        {
            return ([], [], new Dictionary<long, int>());
        }

        var ids = polls.Select(p => p.PostId).ToList();
        var options = (await connection.QueryAsync<PollOptionRow>(new CommandDefinition(OptionsSql, new { postIds = ids }, transaction, cancellationToken: ct))).AsList();
        var voters = (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(VoterCountsSql, new { postIds = ids }, transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.Count);
        return (polls, options, voters);
    }

    private const string VotedSql = """
        SELECT post_id
          FROM poll_voters
         WHERE post_id IN @postIds AND user_id = @viewer
        """;

    private const string MineSql = """
        SELECT option_id
          FROM poll_votes
         WHERE post_id IN @postIds AND user_id = @viewer
        """;

    /// Which of these polls the viewer voted in, and (named polls only: anonymous ones keep no ballot) what they chose.
    public async Task<(IReadOnlySet<long> Voted, IReadOnlySet<long> Chosen)> ViewerAsync(
        DbConnection connection, IReadOnlyCollection<long> postIds, long viewer, CancellationToken ct, DbTransaction? transaction = null)
    {
        if (postIds.Count == 0)
        {
            return (new HashSet<long>(), new HashSet<long>());
        }

        var voted = (await connection.QueryAsync<long>(new CommandDefinition(VotedSql, new { postIds, viewer }, transaction, cancellationToken: ct))).ToHashSet();
        var chosen = voted.Count == 0 ? [] : (await connection.QueryAsync<long>(new CommandDefinition(MineSql, new { postIds, viewer }, transaction, cancellationToken: ct))).ToHashSet();
        return (voted, chosen);
    }

    private const string MarkVotedSql = """
        INSERT INTO poll_voters (post_id, user_id)
        VALUES (@postId, @userId)
        ON CONFLICT DO NOTHING
        """;

    /// Records that the person has voted; false when they had already. The primary key decides, inside the writer's
    /// transaction, so concurrent first votes of one person cannot both pass.
    public async Task<bool> MarkVotedAsync(DbConnection connection, DbTransaction transaction, long postId, long userId) =>
        await connection.ExecuteAsync(MarkVotedSql, new { postId, userId }, transaction) == 1;

    private const string CountAnonymousSql = """
        UPDATE poll_options
           SET anonymous_votes = anonymous_votes + 1
         WHERE post_id = @postId AND id IN @optionIds
        """;

    /// An anonymous ballot: one more on each chosen option's counter, and nothing else.
    public Task CountAnonymousAsync(DbConnection connection, DbTransaction transaction, long postId, IReadOnlyCollection<long> optionIds) =>
        connection.ExecuteAsync(CountAnonymousSql, new { postId, optionIds }, transaction);

    private const string BallotSql = """
        SELECT option_id
          FROM poll_votes
         WHERE post_id = @postId AND user_id = @userId
        """;

    private const string ClearBallotSql = """
        DELETE FROM poll_votes
         WHERE post_id = @postId AND user_id = @userId
        """;

    private const string CastSql = """
        INSERT INTO poll_votes (post_id, user_id, option_id)
        VALUES (@postId, @userId, @optionId)
        """;

    /// A named ballot, replacing the person's earlier one; false when it chose what they had chosen already.
    public async Task<bool> ReplaceBallotAsync(DbConnection connection, DbTransaction transaction, long postId, long userId, IReadOnlyCollection<long> optionIds)
    {
        var before = (await connection.QueryAsync<long>(BallotSql, new { postId, userId }, transaction)).ToHashSet();
        if (before.SetEquals(optionIds))
        {
            return false;
        }

        await connection.ExecuteAsync(ClearBallotSql, new { postId, userId }, transaction);
        foreach (var optionId in optionIds)
        {
            await connection.ExecuteAsync(CastSql, new { postId, userId, optionId }, transaction);
        }

        return true;
    }

    private const string ListedSql = """
        SELECT EXISTS (SELECT 1
                         FROM posts p
                        WHERE p.id = @postId AND
        """ + " " + PostVisibility.Listed + ")";

    /// Whether the poll's post is there for everyone (PostVisibility's rule): a deleted or hidden post's poll takes
    /// no votes and shows no voters.
    public Task<bool> IsListedAsync(DbConnection connection, long postId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(ListedSql, new { postId }, transaction, cancellationToken: ct));

    private const string VotersSql = """
        SELECT v.option_id, v.user_id, u.display_name, u.title
          FROM poll_votes v
          JOIN polls p ON p.post_id = v.post_id AND p.anonymous = 0
          JOIN users u ON u.id = v.user_id
         WHERE v.post_id = @postId
         ORDER BY v.option_id, u.display_name
         LIMIT 2000
        """;

    /// Who chose what in a named poll, visible to everyone like reactions. The join makes it empty for an anonymous
    /// poll whatever the caller checked.
    public async Task<IReadOnlyList<PollVoterRow>> VotersAsync(long postId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PollVoterRow>(new CommandDefinition(VotersSql, new { postId }, cancellationToken: ct))).AsList();
    }
}
