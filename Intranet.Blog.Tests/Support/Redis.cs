using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Intranet.Blog.Tests.Support;

/// A real Redis server (Debian's redis-server 7) of the test run's own: listening on a loopback port of its own, with
/// nothing saved to disk, started on first use, once per test run, never the system's service. Each setting it hands
/// out has a database number and a channel prefix of its own, so one test's nodes never hear another's.
public sealed class Redis
{
    public const string Program = "/usr/bin/redis-server";
    public const string Install = "sudo apt-get install redis-server";

    private static readonly Lazy<Task<Redis>> Started = new(() => StartAsync(AppProcess.FreePort()));
    private static int _nextDatabase;
    private readonly Process _process;

    static Redis() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

    private Redis(int port, Process process) => (Port, _process) = (port, process);

    public int Port { get; }

    public static Task<Redis> ServerAsync() => Started.Value;

    /// A server of the test's own, for a test that stops it and starts it again on the same port (KillAsync,
    /// StartAsync(Port)) while the run's server goes on serving the others, or that needs a password.
    public static async Task<Redis> StartAsync(int port, string? password = null)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", Path.GetTempPath(), "--daemonize", "no", "--loglevel", "warning", .. password is null ? [] : new[] { "--requirepass", password }])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; ; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new Redis(port, process);
            }
            catch (SocketException) when (i < 200 && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// The app's Intranet:Redis setting for a database and channels of the test's own, as two installations on one
    /// server would have.
    public string NewSetting()
    {
        var n = Interlocked.Increment(ref _nextDatabase);
        return $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)},defaultDatabase={n % 16},channelPrefix=t{n}:";
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public static void Stop()
    {
        if (Started.IsValueCreated && Started.Value.IsCompletedSuccessfully)
        {
            Started.Value.Result.KillAsync().Wait(5000);
        }
    }
}
