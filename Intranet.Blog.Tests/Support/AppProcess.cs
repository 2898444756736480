using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Intranet.Blog.Tests.Support;

/// The real app as a separate process (the build output next to the tests), for tests that kill it.
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public Uri Address { get; }

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// The database of the app that runs (or ran) on dataDirectory, for a test to read what it stored or to change it
    /// behind its back: the SQLite file in the directory, with the app's text functions, which the search index's
    /// triggers call on every write of a text; on the PostgreSQL pass the directory's database, wrapped as the app's
    /// stores see it (PostgresConnection), so that Dapper sends list parameters the same way.
    public static async Task<DbConnection> OpenDatabaseAsync(string dataDirectory)
    {
        if (TestEngine.Postgres)
        {
            var postgres = new PostgresConnection(new NpgsqlConnection(await TestEngine.PostgresFor(dataDirectory)));
            await postgres.OpenAsync();
            return postgres;
        }

        var sqlite = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "intranet.db")};Pooling=False");
        await sqlite.OpenAsync();
        SqliteSearchFunctions.Register(sqlite.Handle!);
        return sqlite;
    }

    public static Task<AppProcess> StartAsync(string dataDirectory, params string[] settings) =>
        StartFromAsync(AppContext.BaseDirectory, dataDirectory, settings);

    /// The app from another directory (a build or publish output); settings after the defaults override them.
    public static async Task<AppProcess> StartFromAsync(string appDirectory, string dataDirectory, params string[] settings)
    {
        if (TestEngine.Postgres)
        {
            settings = ["--Intranet:Database=postgres", "--Intranet:Postgres:ConnectionString=" + await TestEngine.PostgresFor(dataDirectory), .. settings];
        }

        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(appDirectory, "Intranet.Blog.dll"), "--urls", address.ToString().TrimEnd('/'),
                     "--Intranet:DataDirectory=" + dataDirectory, "--environment", "Testing" }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var app = new AppProcess(process, address);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new AssertionException("The app exited during start-up:\n" + app.Log);
            }

            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new AssertionException("The app did not become healthy:\n" + app.Log);
    }

    /// Runs the app (or one of its commands) until it ends by itself: its exit code, stdout and stderr. For starts
    /// that must fail; one that does not end within the patience is killed and reported.
    public static async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(TimeSpan patience, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Intranet.Blog.dll"));
        foreach (var arg in args.Concat(["--environment", "Testing"]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"The app did not end within {patience}:\n{await output}{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// Until the app's output contains text (a line of its start banner, a job taken).
    public async Task WaitForLogAsync(string text, CancellationToken ct)
    {
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(50, ct);
        }
    }

    /// SIGKILL: no shutdown, no flush, exactly what a power cut leaves.
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// SIGTERM: what a service manager or container runtime sends to stop the app gracefully. Returns the exit code.
    public async Task<int> TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(patience);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
