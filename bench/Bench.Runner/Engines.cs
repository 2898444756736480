using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Bench.Runner;

/// PostgreSQL and Redis for the groups that measure the product on them (issue 26): Debian's servers, run by the
/// bench itself on loopback ports of their own and pinned to the server's core with the app, so the product on
/// PostgreSQL has what it has on SQLite (one core for everything behind the HTTP port). PostgreSQL runs at its
/// defaults (every commit flushed to disk), as an operator's server would; SQLite in WAL with synchronous=NORMAL
/// flushes at checkpoints, so the write figures compare each engine as it is run, not equal durability.
public sealed class Engines : IAsyncDisposable
{
    public const string PostgresBin = "/usr/lib/postgresql/15/bin";
    public const string RedisServer = "/usr/bin/redis-server";

    private readonly List<Process> _running = [];
    private string? _directory;
    private int _postgresPort, _redisPort;

    public static string? Missing =>
        !File.Exists(Path.Combine(PostgresBin, "postgres")) ? "PostgreSQL 15 is not installed (apt-get install postgresql-15)"
        : !File.Exists(RedisServer) ? "Redis is not installed (apt-get install redis-server)"
        : null;

    /// A new database holding the data of a seeded SQLite directory, moved by the app's own migrate-to-postgres command.
    public async Task<string> DatabaseFromAsync(string sqliteDirectory)
    {
        await StartPostgresAsync();
        var name = $"bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = ConnectionString(name);
        var clock = Stopwatch.StartNew();
        await RunAsync(false, "dotnet", Paths.AppDll, "migrate-to-postgres", "--Intranet:DataDirectory=" + sqliteDirectory,
            "--Intranet:Postgres:ConnectionString=" + connectionString);
        Console.WriteLine($"  moved {sqliteDirectory} into PostgreSQL in {clock.Elapsed.TotalSeconds:N0} s");
        return connectionString;
    }

    /// The app's Intranet:Redis setting for the bench's Redis, started on first use.
    public async Task<string> RedisAsync()
    {
        if (_redisPort == 0)
        {
            var port = FreePort();
            _running.Add(Start(false, RedisServer, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", Path.GetTempPath(), "--daemonize", "no", "--loglevel", "warning"));
            for (var i = 0; ; i++)
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (i < 200)
                {
                    await Task.Delay(50);
                }
            }

            _redisPort = port;
        }

        return $"127.0.0.1:{_redisPort.ToString(CultureInfo.InvariantCulture)}";
    }

    private async Task StartPostgresAsync()
    {
        if (_postgresPort != 0)
        {
            return;
        }

        // PostgreSQL refuses to run as root; under root it runs as the postgres user the package creates.
        var asRoot = Environment.UserName == "root";
        _directory = Path.Combine(Path.GetTempPath(), $"intranet-bench-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        if (asRoot)
        {
            await RunAsync(false, "chown", "postgres:postgres", _directory);
        }

        var data = Path.Combine(_directory, "data");
        await RunAsync(asRoot, Path.Combine(PostgresBin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        var port = FreePort();
        _running.Add(Start(asRoot, Path.Combine(PostgresBin, "postgres"), "-D", data, "-k", _directory, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=256MB"));
        for (var i = 0; ; i++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ConnectionString);
                await connection.OpenAsync();
                break;
            }
            catch (NpgsqlException) when (i < 400)
            {
                await Task.Delay(50);
            }
        }

        _postgresPort = port;
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _postgresPort, Username = "postgres", Database = database }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Where(p => !p.HasExited))
        {
            // SIGQUIT: PostgreSQL's immediate shutdown (its backends end, its shared memory goes); Redis just stops.
            Process.Start("kill", ["-QUIT", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    // On the server's core, like the app: taskset's affinity is inherited by PostgreSQL's backends.
    private static Process Start(bool asRoot, string program, params string[] arguments)
    {
        var process = Process.Start(StartInfo(asRoot, program, arguments, pinned: true))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(bool asRoot, string program, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(asRoot, program, arguments, pinned: false))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments.Take(2))} failed ({process.ExitCode}): {error}{await output}");
        }
    }

    private static ProcessStartInfo StartInfo(bool asRoot, string program, string[] arguments, bool pinned)
    {
        string[] command = asRoot ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. arguments] : [program, .. arguments];
        if (pinned && Tools.CanPin)
        {
            command = ["taskset", "-c", Tools.ServerCpu, .. command];
        }

        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
