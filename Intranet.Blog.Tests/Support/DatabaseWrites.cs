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
/// writes follow a write to an ordinary table, which is recorded. PostgreSQL has none; there one trigger function
/// serves every table.
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
        if (TestEngine.Postgres)
        {
            await InstallPostgresAsync(scope);
            await scope.CommitAsync();
            return new DatabaseWrites(app);
        }

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

    // An update records the columns whose value changed, as the row's JSON sees them: the same rows as SQLite's
    // OLD.c IS NOT NEW.c, without a trigger per table and column.
    private static async Task InstallPostgresAsync(WriteScope scope)
    {
        var connection = scope.Connection;
        await connection.ExecuteAsync($$"""
            CREATE OR REPLACE FUNCTION test_writes_record() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    INSERT INTO {{LogTable}}
                    SELECT TG_TABLE_NAME, 'update', n.key
                      FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o ON o.key = n.key
                     WHERE n.value IS DISTINCT FROM o.value;
                ELSE
                    INSERT INTO {{LogTable}} VALUES (TG_TABLE_NAME, lower(TG_OP), NULL);
                END IF;
                RETURN NULL;
            END
            $body$
            """, transaction: scope.Transaction);
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> @LogTable",
            new { LogTable }, scope.Transaction);
        foreach (var table in tables)
        {
            await connection.ExecuteAsync($"""
                DROP TRIGGER IF EXISTS test_writes ON "{table}";
                CREATE TRIGGER test_writes AFTER INSERT OR UPDATE OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION test_writes_record();
                """, transaction: scope.Transaction);
        }
    }

    /// What was written since the last call (distinct), and forgets it.
    public async Task<IReadOnlyList<TableWrite>> TakeAsync()
    {
        await using var scope = await _app.Service<Database>().BeginWriteAsync();
        // Ordered here: the engines sort a NULL column apart (SQLite first, PostgreSQL last).
        var writes = (await scope.Connection.QueryAsync<(string Table, string Operation, string? Column)>(
            $"SELECT DISTINCT tbl, op, col FROM {LogTable}", transaction: scope.Transaction))
            .OrderBy(w => w.Table, StringComparer.Ordinal).ThenBy(w => w.Operation, StringComparer.Ordinal).ThenBy(w => w.Column, StringComparer.Ordinal)
            .Select(w => new TableWrite(w.Table, w.Operation, w.Column)).ToList();
        await scope.Connection.ExecuteAsync($"DELETE FROM {LogTable}", transaction: scope.Transaction);
        await scope.CommitAsync();
        return writes;
    }
}
