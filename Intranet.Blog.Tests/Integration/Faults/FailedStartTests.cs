using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Faults;

/// A start that cannot work says one sentence on stderr that tells the operator what to do, and exits with 1: not
/// an unhandled exception's stack trace and exit code 134. The real app, started as a process.
[Category("Faults")]
public sealed class FailedStartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private string _data = null!;

    [SetUp]
    public void CreateDirectory() => _data = Path.Combine(Path.GetTempPath(), $"intranet-blog-start-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Test]
    public async Task A_text_file_as_database()
    {
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(Path.Combine(_data, "intranet.db"), "Dies ist keine Datenbank, sondern eine Einkaufsliste.\n");

        var errors = await FailsAsync(Settings());

        Assert.That(errors, Does.Contain("intranet.db is damaged (error 26: 'file is not a database')").And.Contain("restore your newest backup"));
    }

    [Test]
    public async Task Mail_settings_that_could_not_work()
    {
        var errors = await FailsAsync([.. Settings(), "--Intranet:Mail:Host=smtp.example.com", "--Intranet:Mail:From=intranet", "--Intranet:Mail:PublicUrl=intranet.example.com"]);

        Assert.That(errors, Does.Contain("The configuration is not valid").And.Contain("Intranet:Mail:From").And.Contain("Intranet:Mail:PublicUrl"));
    }

    [Test]
    public async Task Directory_and_sign_in_settings_that_could_not_work()
    {
        var errors = await FailsAsync([.. Settings(), "--Intranet:Ldap:Host=ldap.example.com", "--Intranet:Ldap:Security=None", "--Intranet:SignIn:LocalPasswords=false"]);

        Assert.That(errors, Does.Contain("The configuration is not valid").And.Contain("Intranet:Ldap:BaseDn").And.Contain("Intranet:Ldap:Security=None")
            .And.Contain("Intranet:SignIn:LocalPasswords=false needs a company sign-in"), "every section's problem at once");
    }

    [Test]
    public async Task Several_nodes_settings_on_one_sqlite_file()
    {
        var errors = await FailsAsync([.. Settings(), "--Intranet:Redis=127.0.0.1:6379", "--Intranet:UploadsDirectory=/srv/shared/uploads"]);

        Assert.That(errors, Does.Contain("The configuration is not valid").And.Contain("Intranet:Redis joins several nodes")
            .And.Contain("Intranet:UploadsDirectory is for several nodes on PostgreSQL"));
    }

    [Test]
    public async Task A_database_newer_than_the_app()
    {
        Directory.CreateDirectory(_data);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "intranet.db")};Pooling=False"))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
                INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_a_newer_release', 0);
                """);
        }

        var errors = await FailsAsync(Settings());

        Assert.That(errors, Does.Contain("schema version 9999, newer than this app knows"));
    }

    [Test]
    public async Task A_second_instance_on_the_same_data_directory()
    {
        await using var first = await AppProcess.StartAsync(_data, "--Intranet:SeedDemo=false", "--Intranet:Backup:Nightly=false");

        var errors = await FailsAsync(Settings());

        Assert.That(errors, Does.Contain($"Another Intranet.Blog process is using {_data}"));
        Assert.That((await new HttpClient { BaseAddress = first.Address }.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first one runs on");
    }

    [Test]
    public async Task A_port_in_use_is_found_before_anything_is_migrated_or_seeded()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var errors = await FailsAsync(Settings(port, seed: true));

        Assert.That(errors, Does.Contain($"Port {port} (http://127.0.0.1:{port}) is in use by another program"));
        Assert.That(File.Exists(Path.Combine(_data, "intranet.db")), Is.False, "nothing was migrated or seeded");
    }

    [Test, Category(TestPasses.Extra), Category(TestPasses.Root)]
    public async Task A_data_directory_on_a_read_only_file_system()
    {
        using var disk = Tmpfs.Mount("1m", readOnly: true);

        var errors = await FailsAsync(Settings(data: Path.Combine(disk.Path)));

        Assert.That(errors, Does.Contain($"The data directory {disk.Path} is on a read-only file system"));
    }

    [Test, Category(TestPasses.Extra), Category(TestPasses.Root)]
    public async Task A_full_disk()
    {
        using var disk = Tmpfs.Mount("2m");
        disk.Fill();

        var errors = await FailsAsync(Settings(data: Path.Combine(disk.Path, "data")));

        Assert.That(errors, Does.Contain($"The disk holding {Path.Combine(disk.Path, "data")} is full"));
    }

    [Category(TestEngine.SqliteOnly)] // restore is SQLite's file until pg_restore drives it
    [Test]
    public async Task A_truncated_archive_given_to_restore_changes_nothing()
    {
        await using (var app = await AppProcess.StartAsync(_data, "--Intranet:SeedDemo=false", "--Intranet:Backup:Nightly=false"))
        {
            await new HttpClient { BaseAddress = app.Address }.GetAsync("/healthz");
        }

        var archive = Path.Combine(_data, "..", $"intranet-cut-{Guid.NewGuid():N}.zip");
        await using (var zip = new System.IO.Compression.ZipArchive(File.Create(archive), System.IO.Compression.ZipArchiveMode.Create))
        {
            await using var entry = await zip.CreateEntry("intranet.db").OpenAsync();
            await entry.WriteAsync(await File.ReadAllBytesAsync(Path.Combine(_data, "intranet.db")));
        }

        var whole = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(archive, whole[..(whole.Length / 2)]);
        var before = await File.ReadAllBytesAsync(Path.Combine(_data, "intranet.db"));
        try
        {
            var errors = await FailsAsync(["restore", archive, "--Intranet:DataDirectory=" + _data]);

            Assert.That(errors, Does.StartWith("Restore refused, nothing was changed: ").And.Contain("no complete zip archive (cut short"));
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(_data, "intranet.db")), Is.EqualTo(before));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private string[] Settings(int? port = null, bool seed = false, string? data = null) =>
    [
        "--urls", $"http://127.0.0.1:{(port ?? AppProcess.FreePort()).ToString(CultureInfo.InvariantCulture)}",
        "--Intranet:DataDirectory=" + (data ?? _data), $"--Intranet:SeedDemo={seed}", "--Intranet:Backup:Nightly=false",
    ];

    /// The start fails the way an operator should see it fail: exit code 1, one line on stderr, no stack trace.
    private static async Task<string> FailsAsync(string[] args)
    {
        var (exitCode, output, errors) = await AppProcess.RunToEndAsync(Patience, args);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1), output + errors);
            Assert.That(lines, Has.Length.EqualTo(1), errors);
            Assert.That(output + errors, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"));
        });
        return lines[0];
    }
}
