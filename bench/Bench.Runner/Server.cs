using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Bench.Runner;

/// A server under test in its own process, pinned to one core (taskset) so the load generator gets the other.
public sealed partial class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _log = new();

    public Uri Address { get; }
    public TimeSpan StartedIn { get; private set; }

    private Server(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public string Log => _log.ToString();

    public static async Task<Server> StartAsync(string dll, string readyPath, IEnumerable<string> args, Func<Server, Task<bool>>? ready = null, string? cookie = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var pinned = Tools.CanPin;
        var info = new ProcessStartInfo(pinned ? "taskset" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (pinned)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(Tools.ServerCpu);
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        var server = new Server(process, address);
        process.OutputDataReceived += (_, e) => { lock (server._log) { server._log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (server._log) { server._log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited during start-up:\n{server.Log}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, readyPath);
                if (cookie is not null)
                {
                    request.Headers.Add("Cookie", cookie);
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    server.StartedIn = clock.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{dll} did not answer {readyPath}:\n{server.Log}");
    }

    public int ProcessId => _process.Id;

    /// CPU time the server process has used so far (user and system), from /proc, in microseconds.
    public double CpuMicroseconds()
    {
        // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1_000_000.0 / ClockTicksPerSecond;
    }

    // USER_HZ: 100 on every Linux the bench runs on (getconf CLK_TCK).
    private const int ClockTicksPerSecond = 100;

    /// Waits until the server has used under 5 % of a core over two seconds: what it started in the background is done.
    public async Task SettledAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        for (var before = CpuMicroseconds(); clock.Elapsed < patience;)
        {
            await Task.Delay(2000);
            var now = CpuMicroseconds();
            if (now - before < 0.05 * 2_000_000)
            {
                Console.WriteLine($"  settled after {clock.Elapsed.TotalSeconds:N0} s");
                return;
            }

            before = now;
        }

        Console.WriteLine($"  still busy after {patience.TotalMinutes:N0} min; measuring anyway");
    }

    /// Resident memory of the server process, from /proc.
    public long RssBytes()
    {
        var status = File.ReadAllText($"/proc/{_process.Id}/status");
        var kb = long.Parse(Rss().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
        return kb * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"VmRSS:\s+(\d+) kB")]
    private static partial Regex Rss();
}
