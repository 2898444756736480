using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Tests.Support;

/// One write the app made: an insert or delete of a row, or an update that changed Column.
public sealed record TableWrite(string Table, string Operation, string? Column)
{
    public override string ToString() => Column is null ? $"{Operation} {Table}" : $"{Operation} {Table}.{Column}";
}

/// Records every row the app writes, in a test's own database, with triggers on every table (installed once the
/// migrations have run): a test can then say "this request wrote nothing" or "only these columns", whatever
/// code path did the writing. Virtual tables (full-text search) and their shadow tables are left out: their
/// writes follow a write to an ordinary table, which is recorded.
public sealed class DatabaseWrites
{
    private const string LogTable = "test_table_writes";
    private readonly BlogAppFactory _app;

    private DatabaseWrites(BlogAppFactory app) => _app = app;

    public static async Task<DatabaseWrites> InstallAsync(BlogAppFactory app)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        var connection = scope.Connection;
        await connection.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {LogTable} (tbl TEXT NOT NULL, op TEXT NOT NULL, col TEXT)", transaction: scope.Transaction);
        var tables = (await connection.QueryAsync<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> @LogTable", new { LogTable }, scope.Transaction)).ToList();
        var virtualTables = tables.Where(t => t.Sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase)).Select(t => t.Name).ToList();
        foreach (var (table, sql) in tables)
        {
            if (virtualTables.Any(v => table == v || table.StartsWith(v + "_", StringComparison.Ordinal)))
            {
                continue;
            }

            var columns = (await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}')", transaction: scope.Transaction)).ToList();
            var changed = string.Join(" UNION ALL ", columns.Select(c => $"SELECT '{table}', 'update', '{c}' WHERE OLD.\"{c}\" IS NOT NEW.\"{c}\""));
            await connection.ExecuteAsync($"""
                DROP TRIGGER IF EXISTS test_writes_{table}_insert;
                DROP TRIGGER IF EXISTS test_writes_{table}_update;
                DROP TRIGGER IF EXISTS test_writes_{table}_delete;
                CREATE TRIGGER test_writes_{table}_insert AFTER INSERT ON "{table}" BEGIN INSERT INTO {LogTable} VALUES ('{table}', 'insert', NULL); END;
                CREATE TRIGGER test_writes_{table}_update AFTER UPDATE ON "{table}" BEGIN INSERT INTO {LogTable} {changed}; END;
                CREATE TRIGGER test_writes_{table}_delete AFTER DELETE ON "{table}" BEGIN INSERT INTO {LogTable} VALUES ('{table}', 'delete', NULL); END;
                """, transaction: scope.Transaction);
        }

        await scope.CommitAsync();
        return new DatabaseWrites(app);
    }

    /// What was written since the last call (distinct), and forgets it.
    public async Task<IReadOnlyList<TableWrite>> TakeAsync()
    {
        await using var scope = await _app.Service<Database>().BeginWriteAsync();
        var writes = (await scope.Connection.QueryAsync<(string Table, string Operation, string? Column)>(
            $"SELECT DISTINCT tbl, op, col FROM {LogTable} ORDER BY tbl, op, col", transaction: scope.Transaction))
            .Select(w => new TableWrite(w.Table, w.Operation, w.Column)).ToList();
        await scope.Connection.ExecuteAsync($"DELETE FROM {LogTable}", transaction: scope.Transaction);
        await scope.CommitAsync();
        return writes;
    }
}
