using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Unit.Db;

/// What a write hands on after its commit (a committed event to the live pipeline) is handed on in commit order,
/// and only when the write committed.
public sealed class WriteScopeTests
{
    private string _directory = null!;
    private SqliteDatabase _connections = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _directory = Directory.CreateTempSubdirectory("intranet-blog-scope-").FullName;
        _connections = Connections.For(_directory);
        await using var connection = await _connections.OpenToMigrateAsync();
        await connection.ExecuteAsync("CREATE TABLE log (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)");
    }

    [TearDown]
    public void DeleteDirectory()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Racing_writers_hand_on_their_rows_in_commit_order()
    {
        var handedOn = new List<long>();
        var gate = new Lock();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(writer => Task.Run(async () =>
        {
            await using var scope = await _connections.BeginWriteAsync();
            var id = await scope.Connection.ExecuteScalarAsync<long>("INSERT INTO log (writer) VALUES (@writer) RETURNING id", new { writer }, scope.Transaction);
            scope.AfterCommit(() =>
            {
                // A slow hand-over must still not be overtaken by a writer that committed later.
                Thread.Sleep(writer % 2);
                lock (gate)
                {
                    handedOn.Add(id);
                }
            });
            await scope.CommitAsync();
        })));

        Assert.That(handedOn, Has.Count.EqualTo(40));
        Assert.That(handedOn, Is.Ordered.Ascending);
    }

    [Test]
    public async Task A_write_that_rolls_back_hands_on_nothing_and_frees_the_gate()
    {
        var handedOn = 0;
        await using (var scope = await _connections.BeginWriteAsync())
        {
            await scope.Connection.ExecuteAsync("INSERT INTO log (writer) VALUES (1)", transaction: scope.Transaction);
            scope.AfterCommit(() => handedOn++);
        }

        await using (var next = await _connections.BeginWriteAsync().WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await next.CommitAsync();
        }

        Assert.That(handedOn, Is.Zero);
        await using var connection = await _connections.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM log"), Is.Zero);
    }
}
