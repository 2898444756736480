using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Db;

public sealed class ReadinessTests
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
    public async Task Ready_with_current_migrations_and_unavailable_once_the_app_is_stopping()
    {
        var connections = new SqliteConnectionFactory(Options.Create(new IntranetOptions { DataDirectory = _directory }));
        var migrator = new Migrator(connections, new MigrationFiles(AppLayout.Migrations), TimeProvider.System, NullLogger<Migrator>.Instance);
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var readiness = new Readiness(connections, migrator, lifetime);

        Assert.That(await readiness.CheckAsync(CancellationToken.None), Is.EqualTo("migrations not applied"));
        await migrator.MigrateAsync();
        Assert.That(await readiness.CheckAsync(CancellationToken.None), Is.Null);

        lifetime.StopApplication();

        Assert.That(await readiness.CheckAsync(CancellationToken.None), Is.EqualTo("shutting down"));
    }
}
