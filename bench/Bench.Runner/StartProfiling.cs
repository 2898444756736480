using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Bench.Runner;

/// bench/profile-start.sh: what runs before the product's first page, as C1 measures it (a cold start on the standard
/// data, signed in, to the first 200 on the feed). The median of untraced starts, then one start launched by
/// dotnet-trace (CPU samples every millisecond, the JIT's and the GC's events), split into the phases of the start by
/// where each sample's stack is: the host, the checks before the port opens, the background services, the first
/// request. Writes bench/profile-start-results.md.
public static class StartProfiling
{
    private const string Providers = "Microsoft-DotNETCore-SampleProfiler,Microsoft-Windows-DotNETRuntime:0x40000019:5";

    // The phases of Program.cs before app.RunAsync, by a frame of their own on the stack; the deepest one names the
    // sample (the search index check runs inside the migrations).
    private static readonly (string Phase, string[] Frames)[] MainPhases =
    [
        ("host builder and configuration (CreateBuilder)", ["WebApplication.CreateBuilder", "WebApplicationBuilder..ctor"]),
        ("service registration (Add*)", ["Intranet.Blog.Infrastructure.ServiceSetup", "Setup.Add", "AuthSetup.AddBlogAuth", "WebSetup.AddBlogWeb", "AddCompanySignIn"]),
        ("host build (DI container, ValidateOnBuild)", ["WebApplicationBuilder.Build", "HostApplicationBuilder.Build"]),
        ("middleware pipeline (UseBlogPipeline)", ["WebSetup.UseBlogPipeline"]),
        ("endpoint mapping (MapBlogEndpoints)", ["WebSetup.MapBlogEndpoints"]),
        ("settings and options validation", ["StartupValidator", "ValidateOnStart", "OptionsFactory"]),
        ("listen address check and data directory lock", ["ListenAddresses", "AppLock"]),
        ("database quick check (quick_check)", ["IntegrityCheck"]),
        ("migrations check (schema_migrations)", ["Db.Migrator"]),
        ("search index check", ["SearchIndexBuild"]),
        ("handles check", ["HandleStore"]),
        ("seeding check (FirstStart)", ["FirstStart"]),
        ("sign-in methods check", ["SignInMethods"]),
        ("start-up banner", ["StartupBanner"]),
        ("host start (hosted services, Kestrel)", ["GenericWebHostService", "Hosting.Internal.Host.StartAsync", "KestrelServerImpl.StartAsync", "HostedService"]),
    ];

    // Inside the first request, the deepest frame a rule names (leaf first).
    private static readonly (string Part, string[] Frames)[] RequestParts =
    [
        ("data protection (key ring, cookie decryption)", ["Microsoft.AspNetCore.DataProtection", "DurableKeyRepository", "System.Security.Cryptography", "System.Xml"]),
        ("database (SQLite, Dapper)", ["Microsoft.Data.Sqlite", "SQLitePCL", "Dapper"]),
        ("localisation (resources)", ["Localization", "System.Resources"]),
        ("Razor views (the feed's, the layout's, partials)", ["AspNetCoreGeneratedDocument", "Microsoft.AspNetCore.Mvc.Razor", "Microsoft.AspNetCore.Mvc.ViewFeatures", "Microsoft.AspNetCore.Razor"]),
        ("product code (controller, services, stores, filters)", ["Intranet.Blog."]),
        ("authentication and authorisation", ["Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization"]),
        ("antiforgery", ["Microsoft.AspNetCore.Antiforgery"]),
        ("MVC (action selection, filters, binding)", ["Microsoft.AspNetCore.Mvc"]),
        ("routing (endpoint table, matcher)", ["Microsoft.AspNetCore.Routing"]),
        ("Kestrel and other middleware", ["Microsoft.AspNetCore"]),
    ];

    /// analyseOnly: read the trace of the last run again (after a change of the rules) instead of starting anything.
    public static async Task<int> RunAsync(string[] appArgs, Func<Task> settle, int starts, bool analyseOnly, string? focus = null, int depth = 5)
    {
        var trace = Path.Combine(Paths.Work, "profile-start.nettrace");
        if (analyseOnly)
        {
            Console.WriteLine(Analyse(trace, new DateTime(long.Parse(await File.ReadAllTextAsync(trace + ".first"), CultureInfo.InvariantCulture), DateTimeKind.Utc),
                focus ?? "runtime and libraries", depth));
            return 0;
        }

        // A session for the feed, from a start that also finishes what a start after it finds done (the rollup's
        // first round): C1 measures a start of a server that has run before.
        Session staff;
        await using (var first = await Server.StartAsync(Paths.AppDll, "/healthz", appArgs))
        {
            staff = await Session.SignInAsync(first.Address, "staff@demo.example");
            await settle();
        }

        var untraced = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            await using var server = await Server.StartAsync(Paths.AppDll, "/", appArgs, cookie: staff.Cookie);
            untraced.Add(server.StartedIn.TotalMilliseconds);
        }

        var (launched, firstPage) = await TracedStartAsync(appArgs, staff, trace);
        await File.WriteAllTextAsync(trace + ".first", firstPage.Ticks.ToString(CultureInfo.InvariantCulture));
        var text = new StringBuilder();
        text.AppendLine("# What runs before the first page");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; commit: {Report.Commit()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Report.Machine()}; server pinned to core {Tools.ServerCpu}, dotnet-trace and the runner to core {Tools.LoadCpu}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- C1's start (standard data, signed in, to the first 200 on the feed), untraced: {string.Join(", ", untraced.Select(u => $"{u:N0}"))} ms, median {Stats.Median(untraced):N0} ms");
        text.AppendLine(CultureInfo.InvariantCulture, $"- traced (launched by dotnet-trace, CPU samples every ms, JIT and GC events): {(firstPage - launched).TotalMilliseconds:N0} ms from the launch, including dotnet-trace's own start");
        text.AppendLine();
        text.Append(Analyse(trace, firstPage, focus ?? "runtime and libraries", depth));
        await File.WriteAllTextAsync(Path.Combine(Paths.Bench, "profile-start-results.md"), text.ToString());
        Console.WriteLine(text);
        return 0;
    }

    /// The app launched by dotnet-trace, on the server core, polled like C1 until the feed answers 200; then stopped
    /// (SIGTERM: the runtime ends the session cleanly, with the rundown that names precompiled methods).
    private static async Task<(DateTime Launched, DateTime FirstPage)> TracedStartAsync(string[] appArgs, Session staff, string trace)
    {
        File.Delete(trace);
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Paths.Repo };
        foreach (var a in new[] { "-c", Tools.LoadCpu, "dotnet", "tool", "run", "dotnet-trace", "--", "collect", "--providers", Providers, "-o", trace, "--",
            "taskset", "-c", Tools.ServerCpu, "dotnet", Paths.AppDll, "--urls", address.ToString().TrimEnd('/') })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var a in appArgs)
        {
            info.ArgumentList.Add(a);
        }

        // The same environment as Server.StartAsync gives every server of the bench.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        var launched = DateTime.UtcNow;
        using var tracer = Process.Start(info)!;
        var output = tracer.StandardOutput.ReadToEndAsync();
        var error = tracer.StandardError.ReadToEndAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        DateTime? firstPage = null;
        while (firstPage is null && DateTime.UtcNow - launched < TimeSpan.FromMinutes(2) && !tracer.HasExited)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("Cookie", staff.Cookie);
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    firstPage = DateTime.UtcNow;
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

        // The app is the process listening on the port: dotnet-trace's child (taskset runs dotnet in its own place).
        var app = AppProcess(tracer.Id);
        if (app is not null)
        {
            Process.Start("kill", ["-TERM", app.Value.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        await tracer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (firstPage is null || !File.Exists(trace))
        {
            throw new InvalidOperationException($"the traced start did not answer the feed or wrote no trace:\n{await output}\n{await error}");
        }

        return (launched, firstPage.Value);
    }

    /// The deepest descendant of the tracer (dotnet tool run → dotnet-trace → the app).
    private static int? AppProcess(int tracer)
    {
        int? deepest = null;
        var queue = new Queue<int>([tracer]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            var children = $"/proc/{pid}/task/{pid}/children";
            if (!File.Exists(children))
            {
                continue;
            }

            foreach (var child in File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = int.Parse(child, CultureInfo.InvariantCulture);
                deepest = id;
                queue.Enqueue(id);
            }
        }

        return deepest;
    }

    private sealed class Phase
    {
        public int Samples;
        public double First = double.NaN, Last = double.NaN;
        public int Jitted;
        public double JitMs;
    }

    /// focus: the phase (the start of its name, or its whole name and a $) whose most sampled stacks are listed, depth frames of each.
    public static string Analyse(string nettrace, DateTime firstPageUtc, string focus = "runtime and libraries", int depth = 5)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace, null, new TraceLogOptions { ContinueOnError = true });
        using var log = new TraceLog(etlx);
        var phases = new Dictionary<string, Phase>();
        var jitting = new Dictionary<(int Thread, long Method), (double At, string Phase)>();
        double start = double.NaN, gcPause = 0, suspendedAt = double.NaN, end = double.NaN;
        var gcs = 0;
        var unnamed = new Dictionary<string, int>();
        var jittedBy = new Dictionary<string, (int Count, double Ms)>();
        Phase Of(string name) => phases.TryGetValue(name, out var p) ? p : phases[name] = new Phase();
        foreach (var e in log.Events)
        {
            start = double.IsNaN(start) ? e.TimeStampRelativeMSec : start;
            if (e.TimeStamp.ToUniversalTime() > firstPageUtc)
            {
                end = e.TimeStampRelativeMSec;
                break;
            }

            var at = e.TimeStampRelativeMSec - start;
            if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler")
            {
                var frames = TraceAnalysis.Frames(e.CallStack());
                // The sockets' event loop waits in epoll, below any managed frame.
                if (frames.Count > 0 && (TraceAnalysis.IsWaiting(frames[0]) || frames[0].Contains("SocketAsyncEngine.EventLoop", StringComparison.Ordinal)))
                {
                    continue;
                }

                var name = PhaseOf(frames);
                var phase = Of(name);
                phase.Samples++;
                if (focus.EndsWith('$') ? name == focus[..^1] : name.StartsWith(focus, StringComparison.Ordinal))
                {
                    var key = string.Join(" ← ", frames.Take(depth).Select(f => f.Split('(')[0]));
                    unnamed[key] = unnamed.GetValueOrDefault(key) + 1;
                }
                phase.First = double.IsNaN(phase.First) ? at : phase.First;
                phase.Last = at;
            }
            else if (e is MethodJittingStartedTraceData started)
            {
                jitting[(e.ThreadID, started.MethodID)] = (at, PhaseOf(TraceAnalysis.Frames(e.CallStack())));
            }
            else if (e is MethodLoadUnloadVerboseTraceData loaded && jitting.Remove((e.ThreadID, loaded.MethodID), out var began))
            {
                var phase = Of(began.Phase);
                phase.Jitted++;
                phase.JitMs += at - began.At;
                var owner = Owner(loaded.MethodNamespace);
                var (count, ms) = jittedBy.GetValueOrDefault(owner);
                jittedBy[owner] = (count + 1, ms + at - began.At);
            }
            else if (e is GCStartTraceData)
            {
                suspendedAt = at;
            }
            else if (e is GCEndTraceData && !double.IsNaN(suspendedAt))
            {
                gcPause += at - suspendedAt;
                gcs++;
                suspendedAt = double.NaN;
            }
        }

        var total = end - start;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"From the runtime's first event to the first 200 on the feed: {total:N0} ms of the traced start; {phases.Values.Sum(p => p.Samples):N0} samples on the CPU (about one per ms a thread ran managed code), {phases.Values.Sum(p => p.Jitted):N0} methods compiled by the JIT in {phases.Values.Sum(p => p.JitMs):N0} ms, {gcs} garbage collections taking {gcPause:N0} ms. Phases in the order they began; \"from–to\" is when their first and last sample was taken, in ms after the runtime's first event. The JIT's time is part of each phase's CPU.");
        text.AppendLine();
        text.AppendLine("| phase | CPU ms (samples) | from–to ms | methods jitted | JIT ms |");
        text.AppendLine("|---|---:|---|---:|---:|");
        foreach (var (name, p) in phases.OrderBy(p => double.IsNaN(p.Value.First) ? double.MaxValue : p.Value.First))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {p.Samples:N0} | {(double.IsNaN(p.First) ? "" : $"{p.First:N0}–{p.Last:N0}")} | {p.Jitted:N0} | {p.JitMs:N0} |");
        }

        text.AppendLine();
        text.AppendLine("Methods the JIT compiled before the first page, by the namespace of their type (two parts of it):");
        text.AppendLine();
        text.AppendLine("| namespace | methods | JIT ms |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (owner, (count, ms)) in jittedBy.OrderByDescending(j => j.Value.Ms).Take(15))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {owner} | {count:N0} | {ms:N0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The most sampled stacks (leaf first) of \"{focus}\":");
        text.AppendLine();
        foreach (var (stack, count) in unnamed.OrderByDescending(u => u.Value).Take(15))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {count}: {stack}");
        }

        return text.ToString();
    }

    /// "Microsoft.AspNetCore.Mvc.Razor.RazorView" → "Microsoft.AspNetCore.Mvc", "System.Linq.Enumerable" → "System.Linq",
    /// every view → "AspNetCoreGeneratedDocument"; generic arguments are not the owner.
    private static string Owner(string type)
    {
        var parts = type.Split('[', '`', '<')[0].Split('.');
        var keep = parts[0] switch { "Microsoft" or "Intranet" => 3, "AspNetCoreGeneratedDocument" => 1, _ => 2 };
        return string.Join('.', parts.Take(Math.Min(keep, Math.Max(1, parts.Length - 1))));
    }

    private static string PhaseOf(List<string> frames)
    {
        if (frames.Count == 0)
        {
            return "no managed stack (runtime start, native code)";
        }

        // A deep view's stack is cut off before Kestrel's frames: its views and MVC's invoker say it is a request.
        if (frames.Any(f => f.Contains("Kestrel.Core.Internal.Http.HttpProtocol", StringComparison.Ordinal))
            || (!frames.Any(f => f.Contains("<Main>$", StringComparison.Ordinal)) && frames.Any(f => RequestOnly.Any(m => f.Contains(m, StringComparison.Ordinal)))))
        {
            foreach (var frame in frames)
            {
                foreach (var (part, markers) in RequestParts)
                {
                    if (markers.Any(m => frame.Contains(m, StringComparison.Ordinal)))
                    {
                        return "first request: " + part;
                    }
                }
            }

            return "first request: runtime and libraries";
        }

        if (frames.Any(IsBackgroundService) || frames.Any(f => f.Contains("Infrastructure.Rounds", StringComparison.Ordinal) || f.Contains("Hosting.BackgroundService", StringComparison.Ordinal)))
        {
            var service = frames.LastOrDefault(IsBackgroundService);
            return "background services" + (service is null ? "" : ": " + TypeName(service));
        }

        // The deepest phase frame (leaf first).
        foreach (var frame in frames)
        {
            foreach (var (phase, markers) in MainPhases.Reverse())
            {
                if (markers.Any(m => frame.Contains(m, StringComparison.Ordinal)))
                {
                    return phase;
                }
            }
        }

        return frames.Any(f => f.Contains("<Main>$", StringComparison.Ordinal)) ? "Program.cs, between the phases" : "runtime and libraries (thread pool, tiering, other)";
    }

    // Frames only a request runs through (Razor views, view components, MVC's action invoker).
    private static readonly string[] RequestOnly = ["AspNetCoreGeneratedDocument", "Microsoft.AspNetCore.Mvc.Razor.RazorView", "Microsoft.AspNetCore.Mvc.ViewComponents",
        "Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker", "Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker", "Microsoft.AspNetCore.Routing.EndpointMiddleware"];

    /// The product's own background services' ExecuteAsync (a view's ExecuteAsync is not one).
    private static bool IsBackgroundService(string frame) => frame.StartsWith("Intranet.Blog.", StringComparison.Ordinal)
        && (frame.Contains("<ExecuteAsync>", StringComparison.Ordinal) || frame.Contains(".ExecuteAsync(", StringComparison.Ordinal));

    /// "Intranet.Blog.Features.Mail.MailPlanner+<ExecuteAsync>d__5.MoveNext()" → "MailPlanner".
    private static string TypeName(string frame)
    {
        var method = frame.Split('(')[0];
        var type = method.Contains('+', StringComparison.Ordinal) ? method[..method.IndexOf('+', StringComparison.Ordinal)] : method[..Math.Max(0, method.LastIndexOf('.'))];
        return type[(type.LastIndexOf('.') + 1)..];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
