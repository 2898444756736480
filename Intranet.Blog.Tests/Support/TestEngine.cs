using System.Collections.Concurrent;
using Npgsql;

namespace Intranet.Blog.Tests.Support;

/// The engine the app runs on in the integration and browser tests: SQLite, the default pass, or PostgreSQL when
/// INTRANET_TEST_DATABASE=postgres (the extra pass .ci/run makes, on the run's own server, Support/Postgres.cs). Tests of
/// what only SQLite has (its file, its backup, its search index) carry [Category(TestEngine.SqliteOnly)], which that
/// pass leaves out.
public static class TestEngine
{
    public const string Variable = "INTRANET_TEST_DATABASE";

    public const string SqliteOnly = "SqliteOnly";

    public static bool Postgres { get; } = Environment.GetEnvironmentVariable(Variable) == "postgres";

    // On the PostgreSQL pass a data directory stands for its database too: an app started again on the same directory
    // (in the test process or as a process of its own) finds the same data, and the database goes with the directory.
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new();

    /// The connection string of the data directory's database on the run's server, made on first use (a copy of
    /// template when given).
    public static Task<string> PostgresFor(string dataDirectory, string? template = null) =>
        Databases.GetOrAdd(Path.GetFullPath(dataDirectory),
            _ => new(async () => await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync(template))).Value;

    /// The data directory was deleted: so is its database.
    public static async Task ForgetAsync(string dataDirectory)
    {
        if (Databases.TryRemove(Path.GetFullPath(dataDirectory), out var made) && made.IsValueCreated && made.Value.IsCompletedSuccessfully)
        {
            await (await Support.Postgres.ServerAsync()).DropDatabaseAsync(new NpgsqlConnectionStringBuilder(made.Value.Result).Database!);
        }
    }
}
