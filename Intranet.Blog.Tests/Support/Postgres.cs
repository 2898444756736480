using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Intranet.Blog.Tests.Support;

/// A real PostgreSQL server (Debian's postgresql 15) of the test run's own: a cluster made by initdb in a temporary
/// directory, listening on a loopback port of its own and trusting loopback connections, so no password exists
/// anywhere; never the system's service. It starts on first use, once per test run, and each test takes a database
/// of its own from it. Under root the server runs as the `postgres` user (it refuses root), which the package creates.
public sealed class Postgres
{
    public const string Bin = "/usr/lib/postgresql/15/bin";
    public const string Program = Bin + "/postgres";
    public const string Install = "sudo apt-get install postgresql-15";

    private static readonly Lazy<Task<Postgres>> Started = new(StartAsync);
    private static Process? _running;
    private static string? _directory;

    static Postgres() => AppDomain.CurrentDomain.ProcessExit += (_, _) => _running?.Kill();

    private Postgres(int port) => Port = port;

    public int Port { get; }

    /// The run's server; started by the first test that asks.
    public static Task<Postgres> ServerAsync() => Started.Value;

    /// A new database of its own, empty or a copy of template (another of these databases, which nobody may be
    /// connected to), and the connection string to it.
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = $"t_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE {name} TEMPLATE {template ?? "template0"} ENCODING 'UTF8'");
        return ConnectionString(name);
    }

    /// Ends whatever is still connected to it.
    public Task DropDatabaseAsync(string name) => AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    // The names are the run's own (t_ and a Guid), never input.
    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private static async Task<Postgres> StartAsync()
    {
        var asRoot = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), $"intranet-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        if (asRoot)
        {
            await RunAsync("chown", "postgres:postgres", _directory);
        }

        var data = Path.Combine(_directory, "data");
        // C.UTF-8 orders text by code point, as SQLite's default collation does, and folds case beyond ASCII.
        await RunAsync(asRoot, Path.Combine(Bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var port = AppProcess.FreePort();
        // A throw-away cluster: no fsync (the tests kill app processes, never this server's machine). Its own socket
        // directory, because /var/run/postgresql may not exist or belong to another server.
        _running = Start(asRoot, Program, "-D", data, "-k", _directory, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", $"log_statement={(Environment.GetEnvironmentVariable("INTRANET_TEST_POSTGRES_LOG_STATEMENTS") == "1" ? "all" : "none")}");
        var server = new Postgres(port);
        for (var i = 0; ; i++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
                await connection.OpenAsync();
                return server;
            }
            catch (NpgsqlException) when (i < 200 && !_running.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// At the end of the run (TestRun), and when the test process ends before that. SIGQUIT is PostgreSQL's immediate
    /// shutdown: it ends its backends and removes its shared memory at once.
    public static void Stop()
    {
        if (_running is { HasExited: false } process)
        {
            Process.Start("kill", ["-QUIT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Process Start(bool asRoot, string program, params string[] arguments)
    {
        var process = Process.Start(StartInfo(asRoot, program, arguments))!;
        // The server's log (every failed statement with its text) is kept where INTRANET_TEST_POSTGRES_LOG says, for
        // finding what the app sent when a page answered 500; otherwise dropped.
        var log = Environment.GetEnvironmentVariable("INTRANET_TEST_POSTGRES_LOG") is { Length: > 0 } path ? TextWriter.Synchronized(new StreamWriter(path, append: true) { AutoFlush = true }) : null;
        process.ErrorDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static Task RunAsync(string program, params string[] arguments) => RunAsync(false, program, arguments);

    private static async Task RunAsync(bool asRoot, string program, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(asRoot, program, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}{await output}");
        }
    }

    /// As root, through setpriv, which replaces itself with the program: the process started is the program itself.
    private static ProcessStartInfo StartInfo(bool asRoot, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(asRoot ? "setpriv" : program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
