using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Intranet.Blog.Features.Backup;

/// One table's outcome: its rows and its checksum on each side.
public sealed record MovedTable(string Name, long Rows, string Checksum, long TargetRows, string TargetChecksum)
{
    public bool Same => Rows == TargetRows && Checksum == TargetChecksum;
}

/// `migrate-to-postgres`: the one-way move of an installation's SQLite database into an empty PostgreSQL database
/// (issue 26). Both schemas are brought to the same version by their own scripts, every table is copied in one
/// PostgreSQL transaction (COPY, with the foreign keys checked at its commit, since users, departments, posts and
/// comments point at each other, and the people-count triggers paused, since the counts are copied), the ids the
/// database assigns go on after the highest copied (events after the highest ever given, as SQLite's AUTOINCREMENT
/// does), and then every table is read back on both sides and compared by its row count and a checksum of its rows.
/// Search is engine-specific and not copied (the first start builds it); the uploads stay in the data directory, and the
/// sign-in keys are copied into the database after the tables (CopyKeysAsync), where PostgreSQL's nodes keep them.
public sealed class MoveToPostgres(SqliteDatabase sqlite, Migrator migrator, MigrationFiles sqliteScripts, IOptions<IntranetOptions> options,
    TimeProvider clock, ILogger<MoveToPostgres> logger)
{
    public async Task<IReadOnlyList<MovedTable>> RunAsync(string connectionString, CancellationToken ct = default)
    {
        if (!File.Exists(options.Value.DatabasePath))
        {
            throw new StartRefusedException($"There is no database at {options.Value.DatabasePath} to move: set Intranet:DataDirectory to the app's data directory.");
        }

        await migrator.MigrateAsync(ct);
        await using var target = await OpenTargetAsync(connectionString, ct);
        // The engines' folders sit side by side (migrations/sqlite, migrations/postgres), wherever they were configured.
        var postgresScripts = new MigrationFiles(Path.Combine(Path.GetDirectoryName(sqliteScripts.Directory)!, "postgres"));
        await MigrationScripts.ApplyAsync(target, postgresScripts, clock, logger, $"'{target.Database}' on {target.Host}", ct);

        await using var source = await sqlite.OpenSqliteAsync(ct);
        var tables = await TablesAsync(target);
        foreach (var table in tables)
        {
            if (await target.ExecuteScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table.Name})"))
            {
                throw new StartRefusedException(
                    $"The PostgreSQL database '{target.Database}' already holds data (table {table.Name} is not empty): the move goes into an empty database only, nothing was changed.");
            }
        }

        // One read transaction: the copy and its checksums see one moment of the file (the app is stopped anyway).
        await using var read = await source.BeginTransactionAsync(ct);
        // The source's sums are taken as its rows are copied: each table is read once on each side.
        var sums = await CopyAsync(source, target, tables, ct);

        var moved = new List<MovedTable>();
        foreach (var (table, sum) in tables.Zip(sums))
        {
            var targetSum = await SumAsync(target, table, ct);
            moved.Add(new MovedTable(table.Name, sum.Rows, sum.Checksum, targetSum.Rows, targetSum.Checksum));
        }

        return moved;
    }

    /// The data-protection keys of the data directory, into the database where the app on PostgreSQL keeps them, so
    /// that whoever was signed in stays signed in after the move. Returns how many.
    public async Task<int> CopyKeysAsync(string connectionString, CancellationToken ct = default)
    {
        var keys = new DirectoryInfo(Path.Combine(options.Value.DataPath, "keys"));
        if (!keys.Exists)
        {
            return 0;
        }

        await using var target = await OpenTargetAsync(connectionString, ct);
        var count = 0;
        foreach (var file in keys.EnumerateFiles("*.xml"))
        {
            await target.ExecuteAsync(new CommandDefinition(Infrastructure.Auth.PostgresKeyRepository.StoreSql,
                new { name = Path.GetFileNameWithoutExtension(file.Name), xml = await File.ReadAllTextAsync(file.FullName, ct), now = clock.GetUtcNow().ToUnixTimeMilliseconds() },
                cancellationToken: ct));
            count++;
        }

        return count;
    }

    private static async Task<NpgsqlConnection> OpenTargetAsync(string connectionString, CancellationToken ct)
    {
        // The same sentence as a start on PostgreSQL gives for it.
        if (new PostgresSettings { ConnectionString = connectionString }.Problem() is { } problem)
        {
            throw new StartRefusedException(problem);
        }

        // No time limit on a statement: checking the foreign keys of a million comments at the end of the copy, or
        // reading them back for the checksums, takes minutes, not Npgsql's default 30 seconds.
        var target = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);

        try
        {
            await target.OpenAsync(ct);
            return target;
        }
        catch (NpgsqlException ex)
        {
            await target.DisposeAsync();
            throw new StartRefusedException($"Cannot connect to PostgreSQL with Intranet:Postgres:ConnectionString: {ex.Message}");
        }
    }

    private sealed record Column(string Name, NpgsqlDbType Type, bool Assigned);

    private sealed record Table(string Name, IReadOnlyList<Column> Columns)
    {
        public string List => string.Join(", ", Columns.Select(c => c.Name));
    }

    /// The app's tables as PostgreSQL's schema has them (the schema agreement test holds SQLite's to the same),
    /// without the bookkeeping of the scripts, which each side keeps for itself, and without what each engine keeps its
    /// own way: the search index (the first start on PostgreSQL builds it) and the data-protection keys (files on SQLite).
    private static async Task<List<Table>> TablesAsync(NpgsqlConnection target)
    {
        var columns = await target.QueryAsync<(string Table, string Name, string Type, string Udt, string Identity)>("""
            SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_identity
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
               AND c.table_name NOT LIKE 'search\_%' AND c.table_name NOT LIKE 'postgres\_%'
             ORDER BY c.table_name, c.ordinal_position
            """);
        return columns.GroupBy(c => c.Table)
            .Select(g => new Table(g.Key, g.Select(c => new Column(c.Name, c.Type switch
            {
                "bigint" => NpgsqlDbType.Bigint,
                "text" => NpgsqlDbType.Text,
                "bytea" => NpgsqlDbType.Bytea,
                "double precision" => NpgsqlDbType.Double,
                _ => throw new InvalidOperationException($"Column {g.Key}.{c.Name} has the type {c.Type}, which the move does not know."),
            }, c.Identity == "YES")).ToList()))
            .ToList();
    }

    private async Task<List<RowSum>> CopyAsync(SqliteConnection source, NpgsqlConnection target, List<Table> tables, CancellationToken ct)
    {
        var sums = new List<RowSum>();
        await using var transaction = await target.BeginTransactionAsync(ct);
        await target.ExecuteAsync("SET CONSTRAINTS ALL DEFERRED; ALTER TABLE users DISABLE TRIGGER USER;", transaction: transaction);
        foreach (var table in tables)
        {
            var sum = new RowSum(table.Name);
            await using (var import = await target.BeginBinaryImportAsync($"COPY {table.Name} ({table.List}) FROM STDIN (FORMAT BINARY)", ct))
            {
                await using var command = source.CreateCommand();
                command.CommandText = $"SELECT {table.List} FROM {table.Name}";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    await import.StartRowAsync(ct);
                    for (var i = 0; i < table.Columns.Count; i++)
                    {
                        var value = reader.GetValue(i);
                        try
                        {
                            if (value is DBNull)
                            {
                                await import.WriteNullAsync(ct);
                            }
                            else
                            {
                                await import.WriteAsync(value, table.Columns[i].Type, ct);
                            }
                        }
                        catch (InvalidCastException)
                        {
                            throw new StartRefusedException(
                                $"{table.Name}.{table.Columns[i].Name} holds {Describe(value)} where PostgreSQL takes {table.Columns[i].Type}: nothing was moved. Mend that row in the SQLite database and run the move again.");
                        }
                    }

                    sum.Add(reader);
                }

                await import.CompleteAsync(ct);
            }

            logger.LogInformation("Copied {Table}: {Rows} rows", table.Name, sum.Rows);
            sums.Add(sum);
        }

        // The foreign keys are checked here, every table in place; the triggers can come back only after that.
        await target.ExecuteAsync("SET CONSTRAINTS ALL IMMEDIATE; ALTER TABLE users ENABLE TRIGGER USER;", transaction: transaction);
        foreach (var table in tables)
        {
            foreach (var column in table.Columns.Where(c => c.Assigned))
            {
                var highest = await target.ExecuteScalarAsync<long>($"SELECT COALESCE(MAX({column.Name}), 0) FROM {table.Name}", transaction: transaction);
                // AUTOINCREMENT (events) never gives an id twice, even one whose row is gone: its counter goes on.
                var given = await source.ExecuteScalarAsync<long?>("SELECT seq FROM sqlite_sequence WHERE name = @name", new { name = table.Name }) ?? 0;
                await target.ExecuteAsync("SELECT setval(pg_get_serial_sequence(@table, @column), @next, false)",
                    new { table = table.Name, column = column.Name, next = Math.Max(highest, given) + 1 }, transaction);
            }
        }

        await transaction.CommitAsync(ct);
        return sums;
    }

    private static async Task<RowSum> SumAsync(DbConnection connection, Table table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {table.List} FROM {table.Name}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var sum = new RowSum(table.Name);
        while (await reader.ReadAsync(ct))
        {
            sum.Add(reader);
        }

        return sum;
    }

    /// Rows and a checksum of a table that does not depend on the order rows come in (the engines may order text
    /// keys differently): each row's values in one canonical form, hashed, and the hashes added up.
    private sealed class RowSum(string table)
    {
        private readonly StringBuilder _row = new();
        private UInt128 _sum;

        public long Rows { get; private set; }

        public string Checksum => _sum.ToString("x32", CultureInfo.InvariantCulture);

        public void Add(DbDataReader reader)
        {
            _row.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _row.Append(reader.GetValue(i) switch
                {
                    DBNull => "N",
                    long number => $"I{number.ToString(CultureInfo.InvariantCulture)}",
                    double real => $"R{real.ToString("R", CultureInfo.InvariantCulture)}",
                    string text => $"T{text.Length}:{text}",
                    byte[] bytes => $"B{Convert.ToHexString(bytes)}",
                    var other => throw new InvalidOperationException($"{table} returned a {other.GetType().Name}"),
                }).Append('|');
            }

            _sum += BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString())));
            Rows++;
        }
    }

    private static string Describe(object value) => value switch
    {
        string text => $"the text '{(text.Length > 40 ? text[..40] + "…" : text)}'",
        byte[] bytes => $"{bytes.Length} bytes",
        _ => $"the value {Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
}
