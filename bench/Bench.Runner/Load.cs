using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Bench.Runner;

public sealed record LoadResult(double RequestsPerSecond, double P99Ms, long Requests, long Failures);

public static class Tools
{
    public const string ServerCpu = "0";
    public const string LoadCpu = "1";

    /// The machine's cores, not this process's: the runner itself is pinned to the load core (run.sh).
    public static int Cores { get; } = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal))
        : Environment.ProcessorCount;

    /// Server and load on cores of their own; on a single core there is nothing to pin to.
    public static bool CanPin { get; } = Cores >= 2 && Has("taskset");

    public static bool Has(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// Runs a load tool pinned to the load core; returns its standard output.
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var pinned = CanPin;
        var info = new ProcessStartInfo(pinned ? "taskset" : tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (pinned)
        {
            foreach (var a in new[] { "-c", LoadCpu, tool })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {await error}");
        }

        return await output;
    }
}

/// wrk for throughput (HTTP/1.1 keep-alive, not pipelined).
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(Uri url, Session? session, int connections, TimeSpan duration, string? script = null)
    {
        var args = new List<string> { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "5s" };
        if (session is not null)
        {
            args.AddRange(["-H", $"Cookie: {session.Cookie}"]);
        }

        if (script is not null)
        {
            args.AddRange(["-s", script]);
        }

        args.Add(url.AbsoluteUri);
        var output = await Tools.RunAsync("wrk", [.. args]);
        var rps = double.Parse(Rps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var p99 = Latency(P99().Match(output));
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var failures = Errors().Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(rps, p99, requests, failures);
    }

    private static double Latency(Match m) => m.Success
        ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * m.Groups[2].Value switch { "us" => 0.001, "ms" => 1, "s" => 1000, _ => 1 }
        : double.NaN;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Rps();

    [GeneratedRegex(@"99%\s+([\d.]+)(us|ms|s)")]
    private static partial Regex P99();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"(?:Non-2xx or 3xx responses|connect|read|write|timeout)[: ]+(\d+)")]
    private static partial Regex Errors();
}

/// hey at a fixed total rate for latency: -q is per worker, so the rate is split over the workers.
public static class Hey
{
    public static int Workers(double rate) => Math.Max(1, Math.Min(32, (int)Math.Ceiling(rate / 200)));

    public static async Task<LoadResult> RunAsync(Uri url, Session? session, double rate, TimeSpan duration, string method = "GET", string? body = null)
    {
        var workers = Workers(rate);
        var args = new List<string> { "-z", $"{(int)duration.TotalSeconds}s", "-c", workers.ToString(CultureInfo.InvariantCulture),
            "-q", (rate / workers).ToString("F1", CultureInfo.InvariantCulture), "-o", "csv", "-disable-redirects" };
        if (session is not null)
        {
            args.AddRange(["-H", $"Cookie: {session.Cookie}"]);
        }

        if (body is not null)
        {
            args.AddRange(["-m", method, "-T", "application/x-www-form-urlencoded", "-d", body]);
        }

        args.Add(url.AbsoluteUri);
        var lines = (await Tools.RunAsync("hey", [.. args])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(l => l.Split(',')).Where(c => c.Length >= 7).ToList();
        var latencies = lines.Select(c => double.Parse(c[0], CultureInfo.InvariantCulture) * 1000).ToList();
        var failures = lines.Count(c => !c[6].StartsWith('2') && !c[6].StartsWith('3'));
        return new LoadResult(lines.Count / duration.TotalSeconds, Stats.Percentile(latencies, 99), lines.Count, failures);
    }
}

/// The built-in generator: closed loop over N keep-alive connections, latency per request type. Used for the mixed
/// scenario (which needs read and write figures apart) and wherever wrk is not installed.
public static class ClosedLoop
{
    /// success decides from the status (0: no answer, the connection was closed) what counts as done; by default 2xx and 3xx.
    public static async Task<Dictionary<string, LoadResult>> RunAsync(Uri address, int connections, TimeSpan duration,
        Func<int, Random, HttpRequestMessage> next, Func<HttpRequestMessage, string> type, Func<int, bool>? success = null)
    {
        success ??= status => status is >= 200 and < 400;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = connections })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var samples = new ConcurrentBag<(string Type, double Ms, bool Ok)>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                using var request = next(i, random);
                var kind = type(request);
                var (status, ms) = await SendAsync(http, request);
                samples.Add((kind, ms, success(status)));
            }
        })).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        return samples.GroupBy(s => s.Type).ToDictionary(g => g.Key, g => new LoadResult(
            g.Count() / seconds, Stats.Percentile(g.Select(s => s.Ms).ToList(), 99), g.Count(), g.Count(s => !s.Ok)));
    }

    /// One request answered in full: its status (0 when no answer came, the connection was closed) and milliseconds.
    public static async Task<(int Status, double Ms)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var started = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        return (status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

/// hey's latency measurement for a load that varies the address, which hey cannot: as many workers as Hey would use,
/// each sending at its share of the rate and waiting for every answer before its next tick (a tick missed while
/// waiting is dropped, as Go's ticker does in hey), latency from sending to the whole answer.
public static class Paced
{
    public static async Task<LoadResult> RunAsync(Uri address, double rate, TimeSpan duration, Func<int, HttpRequestMessage> next)
    {
        var workers = Hey.Workers(rate);
        var interval = TimeSpan.FromSeconds(workers / rate);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = workers })
        { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var samples = new ConcurrentBag<(double Ms, bool Ok)>();
        var sent = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var offset = interval * worker / workers;
            for (var tick = 1L; ; tick++)
            {
                tick = Math.Max(tick, (long)Math.Ceiling((clock.Elapsed - offset) / interval));
                var due = offset + interval * tick;
                if (due >= duration)
                {
                    break;
                }

                if (due - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                using var request = next(Interlocked.Increment(ref sent));
                var (status, ms) = await ClosedLoop.SendAsync(http, request);
                samples.Add((ms, status is >= 200 and < 400));
            }
        })));
        return new LoadResult(samples.Count / clock.Elapsed.TotalSeconds, Stats.Percentile(samples.Select(s => s.Ms).ToList(), 99), samples.Count, samples.Count(s => !s.Ok));
    }
}

public static class Stats
{
    public static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var index = (int)Math.Ceiling(percentile / 100 * values.Count) - 1;
        return values[Math.Clamp(index, 0, values.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
