using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bench.Runner;

/// bench/profile.sh: each page under the bench's load (wrk, 32 connections, after the same minute of warm-up), first
/// untraced for the CPU time per request, then with dotnet-trace attached for where it goes and what is allocated. Writes
/// bench/profile-results.md.
public static class Profiling
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(TraceAnalysis.WindowSeconds);

    // CPU samples every millisecond; the runtime's GC events with allocation ticks (every ~100 KB, with a stack) and
    // the pauses; loader and JIT events, so the rundown names every method.
    private const string Providers = "Microsoft-DotNETCore-SampleProfiler,Microsoft-Windows-DotNETRuntime:0x40000019:5";

    public static async Task<int> RunAsync(IReadOnlyList<string> pages, string[] appArgs, TimeSpan warmUp, Func<Task>? ready = null)
    {
        // Every method jitted rather than some precompiled (ReadyToRun): the trace then names every frame. After the
        // warm-up the hot paths are tier-1 code either way.
        var environment = new Dictionary<string, string> { ["DOTNET_ReadyToRun"] = "0" };
        await using var app = await Server.StartAsync(Paths.AppDll, "/healthz", appArgs, environment: environment);
        var staff = await Session.SignInAsync(app.Address, "staff@demo.example");
        if (ready is not null)
        {
            await ready();
        }

        var report = new StringBuilder();
        report.AppendLine("# Where a signed-in page's time goes");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit: {Report.Commit()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Report.Machine()}");
        report.AppendLine("- load: wrk, 32 connections, keep-alive, after a minute of warm-up; server pinned to core 0, wrk and dotnet-trace to core 1");
        report.AppendLine(CultureInfo.InvariantCulture, $"- each page: {Window.TotalSeconds:N0} s untraced (CPU time per request), then {Window.TotalSeconds:N0} s with `dotnet-trace` (where it goes; bytes allocated, from the allocation ticks)");
        report.AppendLine();
        foreach (var id in pages)
        {
            var searches = Scenarios.Searches().Paths;
            var script = id is "Q1V" or "Q1VL" ? await Scenarios.WrkScriptAsync("profile-searches.lua", searches) : null;

            var (url, title) = id switch
            {
                "Q1V" or "Q1VL" => (new Uri(app.Address, searches[0]), $"{id}, 2,500 different two-word searches in turn (none kept){(id == "Q1VL" ? ", large data" : "")}"),
                "S0" => (new Uri(app.Address, "/notifications/unread"), "S0, the signed-in floor (`/notifications/unread`)"),
                "S1" => (new Uri(app.Address, "/departments"), "S1, the cheapest signed-in page (`/departments`)"),
                "R1" => (new Uri(app.Address, "/"), "R1, the feed (`/`, 20 posts)"),
                "R3" => (new Uri(app.Address, $"/posts/{await Scenarios.BusyPostAsync(app.Address, staff, 50)}"), "R3, a post page with 50 comments"),
                _ => throw new ArgumentException($"no page {id} to profile (S0, S1, R1, R3, Q1V, Q1VL)"),
            };
            Console.WriteLine($"== profile {id}");
            await Wrk.RunAsync(url, staff, 32, warmUp, script);
            var (plainRequests, plainCpu) = await UntracedAsync(app, url, staff, script);
            var trace = Path.Combine(Paths.Work, $"profile-{id}.nettrace");
            var (requests, cpu) = await TracedAsync(app, url, staff, trace, script);
            var result = TraceAnalysis.Analyse(trace, requests, cpu);
            // The trace's shares, scaled to what a request costs without the tracer (sampling every millisecond slows
            // the server down by a fifth).
            var scale = plainCpu / plainRequests / (cpu / requests);
            var rows = result.Rows.Select(r => r with { Microseconds = r.Microseconds * scale }).ToList();
            report.AppendLine(TraceAnalysis.Table(title, result with { Rows = rows }, plainRequests, plainCpu, requests, cpu));
            foreach (var row in rows.OrderByDescending(r => r.Microseconds).Take(6))
            {
                Console.WriteLine($"  {row.Microseconds,8:N1} µs  {row.Part}");
                foreach (var (frame, count) in TraceAnalysis.TopFrames(trace, row.Part, 8))
                {
                    Console.WriteLine($"      {count,6}  {frame}");
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Paths.Bench, "profile-results.md"), report.ToString());
        Console.WriteLine(report);
        return 0;
    }

    public static void Explain(string trace)
    {
        var result = TraceAnalysis.Analyse(trace, 1, 1);
        foreach (var row in result.Rows.OrderByDescending(r => r.Microseconds).Take(12))
        {
            Console.WriteLine($"  {row.Microseconds,6:P1}  {row.Part}");
            foreach (var (frame, count) in TraceAnalysis.TopFrames(trace, row.Part, 8))
            {
                Console.WriteLine($"      {count,6}  {frame}");
            }
        }
    }

    private static async Task<(long Requests, double Cpu)> UntracedAsync(Server app, Uri url, Session session, string? script)
    {
        var cpuBefore = app.CpuMicroseconds();
        var load = await Wrk.RunAsync(url, session, 32, Window, script);
        return (load.Requests, app.CpuMicroseconds() - cpuBefore);
    }

    private static async Task<(long Requests, double Cpu)> TracedAsync(Server app, Uri url, Session session, string trace, string? script)
    {
        File.Delete(trace);
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Paths.Repo };
        foreach (var a in new[] { "-c", Tools.LoadCpu, "dotnet", "tool", "run", "dotnet-trace", "--", "collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture),
            "--providers", Providers, "--duration", $"00:00:00:{Window.TotalSeconds + 4:00}", "-o", trace })
        {
            info.ArgumentList.Add(a);
        }

        using var tracer = Process.Start(info)!;
        var output = tracer.StandardOutput.ReadToEndAsync();
        var error = tracer.StandardError.ReadToEndAsync();
        // The session starts within a second or two; the load runs inside the trace's window.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var cpuBefore = app.CpuMicroseconds();
        var load = await Wrk.RunAsync(url, session, 32, Window, script);
        var cpu = app.CpuMicroseconds() - cpuBefore;
        await tracer.WaitForExitAsync();
        if (!File.Exists(trace))
        {
            throw new InvalidOperationException($"dotnet-trace wrote no trace ({tracer.ExitCode}): {await output}\n{await error}");
        }

        return (load.Requests, cpu);
    }
}
