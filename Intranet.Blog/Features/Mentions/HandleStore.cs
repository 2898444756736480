using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Mentions;

/// The handle column of users: what to type after "@" to mention a person. Handles are given once (from the name,
/// when the person is created) and kept through renames, so a mention written earlier still points at them.
public sealed class HandleStore(SqliteConnectionFactory db)
{
    private const string HandleTakenSql = "SELECT EXISTS (SELECT 1 FROM users WHERE handle = @handle)";

    /// Inside the write that creates the person, so two people named alike get "anna.berger" and "anna.berger2",
    /// never a clash.
    public async Task<string> FreeAsync(SqliteConnection connection, SqliteTransaction transaction, string displayName)
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

    // casefold() is registered on the connection: SQLite's own LIKE folds ASCII only, and "@jür" must find "Jürgen".
    // Prefix matches of name or handle rank first, then the start of a later name part ("@ber" → "Anna Berger").
    private const string SuggestSql = """
        SELECT u.id, u.display_name AS name, u.handle, u.title, d.name AS department
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.is_active = 1 AND u.handle IS NOT NULL
           AND (casefold(u.display_name) LIKE @nameContains ESCAPE '\' OR u.handle LIKE @handleContains ESCAPE '\')
         ORDER BY CASE WHEN casefold(u.display_name) LIKE @namePrefix ESCAPE '\' OR u.handle LIKE @handlePrefix ESCAPE '\' THEN 0
                       WHEN casefold(u.display_name) LIKE @nameWord ESCAPE '\' OR u.handle LIKE @handleWord ESCAPE '\' THEN 1
                       ELSE 2 END,
                  u.display_name, u.id
         LIMIT @take
        """;

    /// Active people whose name or handle contains text, for the composer's @ autocomplete.
    public async Task<IReadOnlyList<MentionSuggestion>> SuggestAsync(string text, int take, CancellationToken ct = default)
    {
        var handle = Escape(Handles.MentionKey(text));
        var name = handle.Replace('.', ' ');
        await using var connection = await db.OpenAsync(ct);
        connection.CreateFunction("casefold", (string? value) => value is null ? null : Handles.MentionKey(value), isDeterministic: true);
        var args = new
        {
            nameContains = $"%{name}%", handleContains = $"%{handle}%", namePrefix = $"{name}%", handlePrefix = $"{handle}%",
            nameWord = $"% {name}%", handleWord = $"%.{handle}%", take,
        };
        return (await connection.QueryAsync<MentionSuggestion>(new CommandDefinition(SuggestSql, args, cancellationToken: ct))).AsList();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

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
