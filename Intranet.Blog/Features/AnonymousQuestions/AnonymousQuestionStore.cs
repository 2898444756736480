using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.AnonymousQuestions;

/// Owns anonymous_questions. No statement here takes a person as the asker: the table has no place for one.
public sealed class AnonymousQuestionStore(Database db)
{
    private const string InsertSql = """
        INSERT INTO anonymous_questions (body, token_hash)
        VALUES (@body, @tokenHash)
        """;

    public Task InsertAsync(WriteScope scope, string body, byte[] tokenHash) =>
        scope.Connection.ExecuteAsync(InsertSql, new { body, tokenHash }, scope.Transaction);

    private const string Columns = """
        SELECT q.id, q.body, q.status, q.decline_reason, q.post_id, u.display_name AS decided_by_name, q.decided_at
          FROM anonymous_questions q
          LEFT JOIN users u ON u.id = q.decided_by
        """;

    private const string ByTokenSql = Columns + " WHERE q.token_hash = @tokenHash";

    public async Task<QuestionRow?> ByTokenHashAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QuestionRow>(new CommandDefinition(ByTokenSql, new { tokenHash }, cancellationToken: ct));
    }

    private const string ByIdSql = Columns + " WHERE q.id = @id";

    public async Task<QuestionRow?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<QuestionRow>(new CommandDefinition(ByIdSql, new { id }, cancellationToken: ct));
    }

    private const string WaitingSql = Columns + """

         WHERE q.status = 'waiting'
         ORDER BY q.id
         LIMIT 200
        """;

    private const string DecidedSql = Columns + """

         WHERE q.status <> 'waiting'
         ORDER BY q.decided_at DESC, q.id DESC
         LIMIT 30
        """;

    public async Task<(IReadOnlyList<QuestionRow> Waiting, IReadOnlyList<QuestionRow> Decided)> QueueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var waiting = (await connection.QueryAsync<QuestionRow>(new CommandDefinition(WaitingSql, cancellationToken: ct))).AsList();
        var decided = (await connection.QueryAsync<QuestionRow>(new CommandDefinition(DecidedSql, cancellationToken: ct))).AsList();
        return (waiting, decided);
    }

    private const string WaitingCountSql = "SELECT COUNT(*) FROM anonymous_questions WHERE status = 'waiting'";

    public async Task<int> WaitingCountAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(WaitingCountSql, cancellationToken: ct));
    }

    private const string DecideSql = """
        UPDATE anonymous_questions
           SET status = @status, decided_by = @moderatorId, decided_at = @now, decline_reason = @reason
         WHERE id = @id AND status = 'waiting'
        """;

    /// Releases or declines a waiting question; false when it was decided already (two moderators at once).
    public async Task<bool> DecideAsync(DbConnection connection, DbTransaction transaction, long id, string status, long moderatorId, string? reason, DateTimeOffset now) =>
        await connection.ExecuteAsync(DecideSql, new { id, status, moderatorId, reason, now }, transaction) == 1;

    private const string LinkPostSql = "UPDATE anonymous_questions SET post_id = @postId WHERE id = @id";

    public Task LinkPostAsync(WriteScope scope, long id, long postId) =>
        scope.Connection.ExecuteAsync(LinkPostSql, new { id, postId }, scope.Transaction);
}
