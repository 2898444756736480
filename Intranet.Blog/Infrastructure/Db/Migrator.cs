using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Intranet.Blog.Infrastructure.Db;

/// Applies the numbered scripts of the app's engine (migrations/sqlite/ or migrations/postgres/) that have not run yet,
/// each in its own transaction together with its schema_migrations row, then the data steps (IDataMigration). Any
/// failure stops start-up and leaves that script unapplied.
public sealed class Migrator(
    Database db, MigrationFiles files, TimeProvider clock, ILogger<Migrator> logger, IEnumerable<IDataMigration> steps)
{
    public bool IsCurrent { get; private set; }

    /// This start applied every script: the database was empty (on PostgreSQL, where no file tells; of several nodes
    /// starting together, only the one that applied them sees it).
    public bool CreatedSchema { get; private set; }

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenToMigrateAsync(ct);
        var count = await MigrationScripts.ApplyAsync(connection, files, clock, logger, db is SqliteDatabase ? $"at {db.Location}" : db.Location, ct);
        CreatedSchema = count > 0 && count == files.All().Count;

        await connection.CloseAsync();
        foreach (var step in steps)
        {
            await step.RunAsync(ct);
        }

        IsCurrent = true;
        return count;
    }
}

/// The numbered scripts of one engine applied on an open connection: each not yet applied in its own transaction with
/// its schema_migrations row (PostgreSQL's DDL is transactional like SQLite's, so a failed script leaves nothing).
/// The engines differ in two things only, both here: the bookkeeping table's types, and that several app nodes may
/// start on one PostgreSQL database at once, so there the scripts are applied under a session advisory lock (the
/// second node waits, then finds them applied); one SQLite file has one app, held by its instance lock.
public static class MigrationScripts
{
    private const string SqliteTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """;

    private const string PostgresTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    bigint PRIMARY KEY,
            name       text   NOT NULL,
            applied_at bigint NOT NULL
        )
        """;

    /// Any fixed number, the same on every node: it names the lock, and nothing else in the app takes it.
    private const long PostgresLockKey = 0x496E7472616E6574;

    private const string AppliedSql = """
        SELECT version
          FROM schema_migrations
         ORDER BY version
        """;

    private const string RecordSql = """
        INSERT INTO schema_migrations (version, name, applied_at)
        VALUES (@Version, @Name, @AppliedAt)
        """;

    /// `where` names the database in the refusal for a newer schema ("at /data/intranet.db").
    public static async Task<int> ApplyAsync(
        DbConnection connection, MigrationFiles files, TimeProvider clock, ILogger logger, string where, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection or PostgresConnection;
        if (!postgres)
        {
            await connection.ExecuteAsync(SqliteTableSql);
            return await ApplyNewAsync(connection, files, clock, logger, where, ct);
        }

        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@PostgresLockKey)", new { PostgresLockKey }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(PostgresTableSql);
            var count = await ApplyNewAsync(connection, files, clock, logger, where, ct);
            // Npgsql learns the server's types as it connects; a script may have brought new ones (citext).
            await ((connection as PostgresConnection)?.Inner ?? (NpgsqlConnection)connection).ReloadTypesAsync(ct);
            return count;
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@PostgresLockKey)", new { PostgresLockKey });
        }
    }

    private static async Task<int> ApplyNewAsync(
        DbConnection connection, MigrationFiles files, TimeProvider clock, ILogger logger, string where, CancellationToken ct)
    {
        var applied = (await connection.QueryAsync<long>(AppliedSql)).ToHashSet();
        var known = files.All();
        var newest = known.Count == 0 ? 0 : known[^1].Version;
        var unknown = applied.Where(v => v > newest).ToList();
        if (unknown.Count > 0)
        {
            throw new StartRefusedException(
                $"The database {where} has schema version {unknown.Max()}, newer than this app knows ({newest}). Start a newer version of the app, or restore a backup made by this one.");
        }

        var count = 0;
        foreach (var migration in known.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(RecordSql,
                new { migration.Version, migration.Name, AppliedAt = DapperSetup.ToUnixMs(clock.GetUtcNow()) }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Version:D4} {Name}", migration.Version, migration.Name);
            count++;
        }

        return count;
    }
}

public sealed record Migration(long Version, string Name, string Sql);

/// A migration step that needs the app's code, not only SQL (building the search index with the app's analyzer).
/// It runs after the numbered scripts at every start, finds out itself whether there is anything to do (cheaply:
/// it runs on every start), commits what it does in its own transaction and logs its progress.
public interface IDataMigration
{
    Task RunAsync(CancellationToken ct);
}

/// Reads one engine's folder of NNNN_snake_description.sql files (migrations/sqlite/, migrations/postgres/); versions
/// must be unique.
public sealed partial class MigrationFiles(string directory)
{
    public string Directory { get; } = directory;

    public IReadOnlyList<Migration> All()
    {
        var migrations = new List<Migration>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.sql"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var match = FileName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration file name '{name}.sql' does not follow NNNN_snake_description.sql");
            }

            migrations.Add(new Migration(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, File.ReadAllText(path)));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migration files share version {duplicate.Key:D4}");
        }

        return migrations.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)$")]
    private static partial Regex FileName();
}
