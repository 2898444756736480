using Dapper;
using Intranet.Blog.Features.Health;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Health;

public sealed class HealthChecksTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("intranet-blog-ready-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Alive_after_the_migrations_ready_after_a_heartbeat_and_not_ready_once_stopping()
    {
        var options = Options.Create(new IntranetOptions { DataDirectory = _directory });
        var readOnly = new ReadOnlyMode(options, TimeProvider.System, NullLogger<ReadOnlyMode>.Instance);
        var connections = new SqliteDatabase(options, readOnly, TimeProvider.System);
        var migrator = new Migrator(connections, new MigrationFiles(AppLayout.SqliteMigrations), TimeProvider.System, NullLogger<Migrator>.Instance, []);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var migrations = new MigrationsCheck(migrator);
        var stopping = new StoppingCheck(lifetime);
        var database = new DatabaseCheck(new Heartbeat(connections, readOnly, TimeProvider.System));

        Assert.That((await CheckAsync(migrations)).Description, Is.EqualTo("migrations not applied"));
        await migrator.MigrateAsync();
        Assert.That((await CheckAsync(migrations)).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await CheckAsync(database)).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await CheckAsync(stopping)).Status, Is.EqualTo(HealthStatus.Healthy));
        await using (var connection = await connections.OpenAsync())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT nonce FROM heartbeat"), Has.Length.EqualTo(32), "the probe wrote its row");
        }

        lifetime.StopApplication();

        Assert.That((await CheckAsync(stopping)).Description, Is.EqualTo("shutting down"));
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());
}
