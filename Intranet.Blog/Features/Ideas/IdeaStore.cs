using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Ideas;

/// Owns idea_rounds, idea_round_departments, ideas and idea_supports. A round's question and text are its post's
/// (Features/Posts); who supports what is kept only to count each person once and is shown to nobody.
public sealed class IdeaStore(Database db)
{
    private const string InsertRoundSql = """
        INSERT INTO idea_rounds (post_id, closes_at, closes_zone)
        VALUES (@postId, @closesAt, @closesZone)
        """;

    private const string InsertAudienceSql = """
        INSERT INTO idea_round_departments (post_id, department_id)
        VALUES (@postId, @departmentId)
        """;

    /// In the post's own transaction, once it has its id.
    public async Task InsertRoundAsync(WriteScope scope, long postId, DateTimeOffset closesAt, string closesZone, IReadOnlyCollection<long> departments)
    {
        await scope.Connection.ExecuteAsync(InsertRoundSql, new { postId, closesAt, closesZone }, scope.Transaction);
        foreach (var departmentId in departments)
        {
            await scope.Connection.ExecuteAsync(InsertAudienceSql, new { postId, departmentId }, scope.Transaction);
        }
    }

    private const string RoundSql = """
        SELECT r.post_id, p.author_id AS opener_id, COALESCE(p.title, '') AS question, r.closes_at, r.closes_zone,
               o.id AS outcome_post_id, o.title AS outcome_title, p.department_id,
        """ + " " + PostVisibility.Listed + """
         AS listed
          FROM idea_rounds r
          JOIN posts p ON p.id = r.post_id
          -- An outcome its author deleted is no outcome: the round can be closed again.
          LEFT JOIN posts o ON o.id = r.outcome_post_id AND o.deleted_at IS NULL
         WHERE r.post_id = @postId
        """;

    public async Task<RoundRow?> RoundAsync(DbConnection connection, long postId, CancellationToken ct, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<RoundRow>(new CommandDefinition(RoundSql, new { postId }, transaction, cancellationToken: ct));

    private const string AudienceSql = """
        SELECT d.id, d.name
          FROM idea_round_departments a
          JOIN departments d ON d.id = a.department_id
         WHERE a.post_id = @postId
         ORDER BY d.name
        """;

    /// The departments asked, by name; none: the whole company.
    public async Task<IReadOnlyList<(long Id, string Name)>> AudienceAsync(DbConnection connection, long postId, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<(long, string)>(new CommandDefinition(AudienceSql, new { postId }, transaction, cancellationToken: ct))).AsList();

    private const string IdeasSql = """
        SELECT i.id, i.round_id, i.author_id, u.display_name AS author_name, i.title, i.body, i.supports, i.chosen, i.created_at
          FROM ideas i
          JOIN users u ON u.id = i.author_id
         WHERE i.round_id = @roundId
         ORDER BY i.supports DESC, i.id
         LIMIT @take
        """;

    /// The round's ideas ranked: most support first, and of two with as much the earlier one.
    public async Task<IReadOnlyList<IdeaRow>> IdeasAsync(DbConnection connection, long roundId, CancellationToken ct) =>
        (await connection.QueryAsync<IdeaRow>(new CommandDefinition(IdeasSql, new { roundId, take = IdeaLimits.Listed }, cancellationToken: ct))).AsList();

    private const string SupportedSql = """
        SELECT s.idea_id
          FROM idea_supports s
          JOIN ideas i ON i.id = s.idea_id
         WHERE i.round_id = @roundId AND s.user_id = @userId
        """;

    public async Task<IReadOnlySet<long>> SupportedAsync(DbConnection connection, long roundId, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(SupportedSql, new { roundId, userId }, cancellationToken: ct))).ToHashSet();

    private const string SupportersSql = """
        SELECT COUNT(DISTINCT s.user_id)
          FROM idea_supports s
          JOIN ideas i ON i.id = s.idea_id
         WHERE i.round_id = @roundId
        """;

    /// How many people support at least one idea: the round's turnout, a number and never names.
    public Task<int> SupportersAsync(DbConnection connection, long roundId, CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(SupportersSql, new { roundId }, cancellationToken: ct));

    private const string IdeaSql = """
        SELECT i.id, i.round_id, i.author_id, '' AS author_name, i.title, i.body, i.supports, i.chosen, i.created_at
          FROM ideas i
         WHERE i.id = @id
        """;

    public async Task<IdeaRow?> IdeaAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<IdeaRow>(new CommandDefinition(IdeaSql, new { id }, transaction, cancellationToken: ct));

    private const string CountOfAuthorSql = """
        SELECT COUNT(*) FROM ideas WHERE round_id = @roundId AND author_id = @authorId
        """;

    public Task<int> CountOfAuthorAsync(DbConnection connection, long roundId, long authorId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(CountOfAuthorSql, new { roundId, authorId }, transaction, cancellationToken: ct));

    private const string InsertIdeaSql = """
        INSERT INTO ideas (round_id, author_id, title, body, created_at)
        VALUES (@roundId, @authorId, @title, @body, @createdAt)
        RETURNING id
        """;

    public Task<long> InsertIdeaAsync(WriteScope scope, long roundId, long authorId, string title, string body, DateTimeOffset createdAt) =>
        scope.Connection.ExecuteScalarAsync<long>(InsertIdeaSql, new { roundId, authorId, title, body, createdAt }, scope.Transaction);

    private const string DeleteSupportsSql = "DELETE FROM idea_supports WHERE idea_id = @id";
    private const string DeleteIdeaSql = "DELETE FROM ideas WHERE id = @id";

    /// A withdrawn idea goes with its supports: nothing of it is left to rank or to show.
    public async Task<bool> DeleteIdeaAsync(WriteScope scope, long id)
    {
        await scope.Connection.ExecuteAsync(DeleteSupportsSql, new { id }, scope.Transaction);
        return await scope.Connection.ExecuteAsync(DeleteIdeaSql, new { id }, scope.Transaction) == 1;
    }

    private const string SupportSql = """
        INSERT INTO idea_supports (idea_id, user_id)
        VALUES (@ideaId, @userId)
        ON CONFLICT DO NOTHING
        """;

    private const string UnsupportSql = """
        DELETE FROM idea_supports
         WHERE idea_id = @ideaId AND user_id = @userId
        """;

    private const string CountSupportSql = """
        UPDATE ideas
           SET supports = supports + @delta
         WHERE id = @ideaId
        """;

    /// Support given (on) or taken back; false when it was so already. The primary key decides inside the writer's
    /// transaction, so a double click counts once, and the counter moves only with a row.
    public async Task<bool> SetSupportAsync(WriteScope scope, long ideaId, long userId, bool on)
    {
        var changed = await scope.Connection.ExecuteAsync(on ? SupportSql : UnsupportSql, new { ideaId, userId }, scope.Transaction) == 1;
        if (changed)
        {
            await scope.Connection.ExecuteAsync(CountSupportSql, new { ideaId, delta = on ? 1 : -1 }, scope.Transaction);
        }

        return changed;
    }

    private const string CloseSql = """
        UPDATE idea_rounds
           SET outcome_post_id = @outcomePostId
         WHERE post_id = @roundId
        """;

    private const string ChooseSql = """
        UPDATE ideas
           SET chosen = 1
         WHERE round_id = @roundId AND id IN @chosen
        RETURNING author_id
        """;

    /// Records the outcome and marks the chosen ideas (only the round's own); returns the chosen ideas' authors.
    public async Task<IReadOnlyList<long>> CloseAsync(WriteScope scope, long roundId, long outcomePostId, IReadOnlyCollection<long> chosen)
    {
        await scope.Connection.ExecuteAsync(CloseSql, new { roundId, outcomePostId }, scope.Transaction);
        return chosen.Count == 0 ? [] : (await scope.Connection.QueryAsync<long>(ChooseSql, new { roundId, chosen }, scope.Transaction)).Distinct().ToList();
    }

    private const string ListSql = """
        SELECT r.post_id, COALESCE(p.title, '') AS question, r.closes_at, r.closes_zone, o.id AS outcome_post_id,
               (SELECT COUNT(*) FROM ideas i WHERE i.round_id = r.post_id) AS idea_count, u.display_name AS opener_name
          FROM idea_rounds r
          JOIN posts p ON p.id = r.post_id
          JOIN users u ON u.id = p.author_id
          LEFT JOIN posts o ON o.id = r.outcome_post_id AND o.deleted_at IS NULL
         WHERE
        """ + " " + PostVisibility.Listed + """

         ORDER BY r.closes_at DESC
         LIMIT 200
        """;

    /// The latest rounds, open and closed, newest closing time first.
    public async Task<IReadOnlyList<RoundListItem>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<RoundListItem>(new CommandDefinition(ListSql, cancellationToken: ct))).AsList();
    }
}
