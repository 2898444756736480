using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Mentions;

/// The handle column of users: what to type after "@" to mention a person. Handles are given once (from the name,
/// when the person is created) and kept through renames, so a mention written earlier still points at them.
public sealed class HandleStore(Database db)
{
    private const string HandleTakenSql = "SELECT EXISTS (SELECT 1 FROM users WHERE handle = @handle)";

    /// Inside the write that creates the person, so two people named alike get "anna.berger" and "anna.berger2",
    /// never a clash.
    public async Task<string> FreeAsync(DbConnection connection, DbTransaction transaction, string displayName)
    {
        var wanted = Handles.FromDisplayName(displayName);
        for (var n = 1; ; n++)
        {
            var handle = Handles.WithSuffix(wanted, n);
            if (!await connection.ExecuteScalarAsync<bool>(HandleTakenSql, new { handle }, transaction))
            {
                return handle;
            }
        }
    }

    private const string WithoutHandleSql = "SELECT id, display_name FROM users WHERE handle IS NULL ORDER BY id";

    private const string SetHandleSql = "UPDATE users SET handle = @handle WHERE id = @id";

    /// Once at start-up: people created before handles existed get one. Later renames keep it.
    public async Task AssignMissingAsync(CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var people = await scope.Connection.QueryAsync<(long Id, string DisplayName)>(new CommandDefinition(WithoutHandleSql, transaction: scope.Transaction, cancellationToken: ct));
        foreach (var (id, displayName) in people.AsList())
        {
            var handle = await FreeAsync(scope.Connection, scope.Transaction, displayName);
            await scope.Connection.ExecuteAsync(new CommandDefinition(SetHandleSql, new { id, handle }, scope.Transaction, cancellationToken: ct));
        }

        await scope.CommitAsync(ct);
    }

    private const string HandlesOfSql = "SELECT id, handle FROM users WHERE id IN @ids AND handle IS NOT NULL";

    /// The handles of these people (those who have one).
    public async Task<IReadOnlyDictionary<long, string>> HandlesOfAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Handle)>(new CommandDefinition(HandlesOfSql, new { ids }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Handle);
    }

    private const string HandlesSql = "SELECT id, handle FROM users WHERE handle IS NOT NULL";

    /// Everyone's handle by id; the demo seeder writes @mentions with them.
    public async Task<IReadOnlyDictionary<long, string>> AllAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Handle)>(new CommandDefinition(HandlesSql, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Handle);
    }

    private const string IdsByHandleSql = "SELECT handle, id FROM users WHERE handle IN @handles";

    /// Mention keys → ids, deactivated people included (their posts are still found by "von:").
    public async Task<IReadOnlyDictionary<string, long>> IdsByHandleAsync(IReadOnlyCollection<string> handles, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Handle, long Id)>(new CommandDefinition(IdsByHandleSql, new { handles }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Handle, r => r.Id, StringComparer.OrdinalIgnoreCase);
    }

    private const string ActiveByHandleSql = """
        SELECT handle, id
          FROM users
         WHERE handle IN @handles AND is_active = 1
        """;

    /// Mention keys → ids of the active people behind them; deactivated and unknown handles are left out.
    public async Task<IReadOnlyDictionary<string, long>> ActiveIdsByHandleAsync(IReadOnlyCollection<string> handles, CancellationToken ct = default)
    {
        if (handles.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Handle, long Id)>(new CommandDefinition(ActiveByHandleSql, new { handles }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Handle, r => r.Id);
    }
}
