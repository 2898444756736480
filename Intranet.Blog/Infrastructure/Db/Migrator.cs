using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Infrastructure.Db;

/// Applies the numbered scripts in migrations/ that have not run yet, each in its own transaction
/// together with its schema_migrations row, then the data steps (IDataMigration). Any failure stops start-up and
/// leaves that script unapplied.
public sealed class Migrator(
    SqliteConnectionFactory connections, MigrationFiles files, TimeProvider clock, ILogger<Migrator> logger, IEnumerable<IDataMigration> steps)
{
    public bool IsCurrent { get; private set; }

    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """;

    private const string AppliedSql = """
        SELECT version
          FROM schema_migrations
         ORDER BY version
        """;

    private const string RecordSql = """
        INSERT INTO schema_migrations (version, name, applied_at)
        VALUES (@Version, @Name, @AppliedAt)
        """;

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(connections.DatabasePath)!);
        await using var connection = await connections.OpenOrCreateAsync(ct);
        // WAL is a property of the file, set once: readers never block the writer.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync(CreateTableSql);

        var applied = (await connection.QueryAsync<long>(AppliedSql)).ToHashSet();
        var known = files.All();
        var newest = known.Count == 0 ? 0 : known[^1].Version;
        var unknown = applied.Where(v => v > newest).ToList();
        if (unknown.Count > 0)
        {
            throw new StartRefusedException(
                $"The database at {connections.DatabasePath} has schema version {unknown.Max()}, newer than this app knows ({newest}). Start a newer version of the app, or restore a backup made by this one.");
        }

        var count = 0;
        foreach (var migration in known.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(RecordSql,
                new { migration.Version, migration.Name, AppliedAt = clock.GetUtcNow() }, transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Version:D4} {Name}", migration.Version, migration.Name);
            count++;
        }

        await connection.CloseAsync();
        foreach (var step in steps)
        {
            await step.RunAsync(ct);
        }

        IsCurrent = true;
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

/// Reads migrations/NNNN_snake_description.sql; versions must be unique.
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
