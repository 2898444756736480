using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Support;

/// The real app on a fresh temporary data directory: real migrations, a real SQLite file (or, on the PostgreSQL pass,
/// a database of its own on the run's server, see TestEngine), no fakes.
/// Reading Address starts it on a real loopback port (Kestrel), for WebSockets and the browser.
/// environment and settings let a test see the app as production configures it (secure cookies, low limits).
public sealed class BlogAppFactory(
    bool seedDemo = false,
    Action<IServiceCollection>? services = null,
    string environment = "Testing",
    IReadOnlyDictionary<string, string>? settings = null,
    string? dataDirectory = null)
    : WebApplicationFactory<Program>
{
    /// A fresh temporary directory, or the test's own (a small file system that fills up).
    public string DataDirectory { get; } = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"intranet-blog-{Guid.NewGuid():N}");

    public string DatabasePath => Path.Combine(DataDirectory, "intranet.db");

    /// On the PostgreSQL pass: the app's database, made as the app starts (a copy of PostgresTemplate when set).
    public string? PostgresDatabase { get; private set; }

    public string? PostgresTemplate { get; set; }

    /// Leaves the data directory behind on disposal (the demo template).
    public bool KeepData { get; init; }

    // A start that fails stays failed with its own exception instead of being tried again with a second message.
    private Lazy<Uri>? _address;

    /// The Kestrel address (http://127.0.0.1:port/) once started.
    public Uri Address => (_address ??= new Lazy<Uri>(StartKestrel, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Intranet:DataDirectory", DataDirectory);
        builder.UseSetting("Intranet:SeedDemo", seedDemo ? "true" : "false");
        // Kestrel's port comes from the settings, not from UseKestrel(port): that one sets the address on the test
        // thread while Program's own thread, past Build, may already have started Kestrel (fast with a copied
        // database), and then the address list is read-only. The in-memory test server ignores this setting.
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        // No low-disk warning from the machine the tests run on (a newcomer's disk under 10 % free put it above the
        // notice a page test looked for); StorageAdminTests sets its own thresholds.
        builder.UseSetting("Intranet:Storage:WarnFreeMegabytes", "0");
        builder.UseSetting("Intranet:Storage:WarnFreePercent", "0");
        builder.UseEnvironment(environment);
        if (TestEngine.Postgres)
        {
            var connectionString = Task.Run(() => TestEngine.PostgresFor(DataDirectory, PostgresTemplate)).GetAwaiter().GetResult();
            PostgresDatabase = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
            builder.UseSetting("Intranet:Database", "postgres");
            builder.UseSetting("Intranet:Postgres:ConnectionString", connectionString);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    private Uri StartKestrel()
    {
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        // The host has stopped, but Program's thread lets go of the data directory's lock only as it returns: a test
        // that starts the app again on the same directory would otherwise be refused as a second instance.
        for (var waited = 0; KeepData && Directory.Exists(DataDirectory) && AppLock.IsHeld(DataDirectory) && waited < 10_000; waited += 50)
        {
            await Task.Delay(50);
        }

        if (!KeepData && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        if (!KeepData)
        {
            await TestEngine.ForgetAsync(DataDirectory);
        }
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
