using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Db;

public sealed class StartupTests
{
    [Test]
    public async Task The_app_refuses_to_start_on_a_database_newer_than_its_migrations()
    {
        await using var app = new BlogAppFactory();
        Directory.CreateDirectory(app.DataDirectory);
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
                INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_a_newer_release', 0);
                """);
        }

        var exception = Assert.Catch(() => app.CreateClient());

        var messages = Chain(exception).Select(e => e.Message).ToList();
        Assert.That(messages, Has.Some.Contains("schema version 9999, newer than this app knows"));
    }

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
