using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Bench.Runner;

/// One row of a page's profile: a part of the request and what it cost per request.
public sealed record ProfileRow(string Part, double Microseconds, double Bytes);

/// Reads an EventPipe trace of a server under load (CPU samples every millisecond, allocation ticks every ~100 KB, GC
/// pauses) and splits the server's CPU time and allocations per request into the parts of a request.
///
/// Each sample goes to one part. A few parts own everything beneath them (authentication owns its session query and
/// its cookie decryption; the bell owns its count query): where the stack passes through one, the outermost owner
/// takes the sample. Everywhere else the deepest match names the work (localisation inside a partial is
/// localisation, the partial's own code is the partial), so the rows add up to the whole without counting twice.
public static class TraceAnalysis
{
    private sealed record Rule(string Part, bool Owns, Func<string, bool> Matches, Func<string, string>? Name)
    {
        public string PartFor(string frame) => Name is null ? Part : Part + Name(frame);
    }

    // Order matters only among rules matching the same frame: the first wins.
    private static readonly Rule[] Rules =
    [
        // Handlers, not middleware: a middleware's frame stays on the stack under everything that runs after it.
        Owner("authentication (cookie, session check)", f => f.Contains("Microsoft.AspNetCore.Authentication.AuthenticationHandler", StringComparison.Ordinal)
            || f.Contains("CookieAuthenticationHandler", StringComparison.Ordinal) || f.Contains("Microsoft.AspNetCore.Authentication.AuthenticationService", StringComparison.Ordinal)
            || f.Contains("Features.Account.SessionCheck", StringComparison.Ordinal)),
        Owner("antiforgery (tokens, cookie)", f => f.Contains("Microsoft.AspNetCore.Antiforgery", StringComparison.Ordinal)),
        Owner("bell", f => f.Contains("Features.Notifications.BellHtml", StringComparison.Ordinal)),
        Owner("guidelines banner (the pending check)", f => f.Contains("Features.Guidelines.GuidelineStore.PendingAsync", StringComparison.Ordinal)),
        Owner("avatar lookup", f => f.Contains("Features.People.AvatarLookup", StringComparison.Ordinal)),
        Owner("page rules (JSON for the scripts)", f => f.Contains("PageRules", StringComparison.Ordinal)),
        Owner("action: ", f => f.StartsWith("Intranet.Blog.Features.", StringComparison.Ordinal)
            && (f.Contains("Controller.", StringComparison.Ordinal) || f.Contains("Controller+<", StringComparison.Ordinal)), ActionName),
        Part("database (SQLite, Dapper)", f => f.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || f.StartsWith("SQLitePCL", StringComparison.Ordinal) || f.StartsWith("Dapper", StringComparison.Ordinal)),
        Part("localisation", f => f.Contains("Localization", StringComparison.Ordinal) || f.StartsWith("System.Resources", StringComparison.Ordinal)),
        Part("tag helpers (asp-append-version, forms)", f => f.StartsWith("Microsoft.AspNetCore.Mvc.TagHelpers", StringComparison.Ordinal) || f.StartsWith("Microsoft.AspNetCore.Razor.TagHelpers", StringComparison.Ordinal)
            || f.StartsWith("Microsoft.AspNetCore.Razor.Runtime.TagHelpers", StringComparison.Ordinal) || f.Contains("FileVersionProvider", StringComparison.Ordinal)),
        Part("HTML encoding", f => f.StartsWith("System.Text.Encodings.Web", StringComparison.Ordinal)),
        Part("view lookup and activation", f => f.Contains("ViewEngine", StringComparison.Ordinal) || f.Contains("RazorPageActivator", StringComparison.Ordinal) || f.Contains("PartialViewResultExecutor", StringComparison.Ordinal)
            || f.Contains("ViewComponentInvoker", StringComparison.Ordinal) || f.Contains("DefaultViewComponentSelector", StringComparison.Ordinal)),
        Part("view: ", f => f.StartsWith("AspNetCoreGeneratedDocument.", StringComparison.Ordinal), ViewName),
        Part("response writing (view buffer, stream writer)", f => f.Contains("ViewBuffer", StringComparison.Ordinal) || f.Contains("HttpResponseStreamWriter", StringComparison.Ordinal) || f.Contains("PagedBufferedTextWriter", StringComparison.Ordinal)),
        Part("JSON", f => f.StartsWith("System.Text.Json", StringComparison.Ordinal)),
        Part("MVC (routing, filters, model binding, action invocation)", f => f.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal) || f.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal)),
        Part("product middleware and filters", f => f.StartsWith("Intranet.Blog.", StringComparison.Ordinal)),
        Part("Kestrel and sockets (HTTP parsing, sending)", f => f.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) || f.StartsWith("System.Net.Sockets", StringComparison.Ordinal)
            || f.StartsWith("System.IO.Pipelines", StringComparison.Ordinal)),
        Part("other ASP.NET Core middleware", f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)),
    ];

    // A thread sampled while it waits is not on the CPU. These are where the runtime's threads wait (the sampler
    // records every managed thread, running or not); anything else counts as work.
    private static readonly string[] Waits =
    [
        "LowLevelLifoSemaphore.WaitForSignal", "LowLevelLifoSemaphore.WaitNative", "LowLevelMonitor.Wait", "LowLevelSpinWaiter",
        "Monitor.Wait", "Thread.Sleep", "WaitHandle.Wait", "ManualResetEventSlim.Wait", "SemaphoreSlim.Wait(", "WaitSubsystem",
        "Interop+Sys.WaitForSocketEvents", "Interop+Sys.Read(", "Interop+Sys.Poll", "Thread.Join", "SpinWait.SpinOnce",
        "GateThread.GateThreadStart", "WaitThread.WaitThreadStart", "TimerQueue.TimerThread", "Interop+Sys.LowLevelMonitor_",
        "Interop+Sys.SchedYield", "Interop+Sys.WaitPid", "Console", "EventPipe", "LowLevelLifoSemaphore.Wait",
    ];

    // Frames that are waiting when they are the deepest managed frame: the native wait beneath them was inlined away.
    private static readonly string[] WaitingLeaves =
    [
        "SocketAsyncEngine.EventLoop", "PortableThreadPool+WorkerThread.WorkerDoWork", "PortableThreadPool+WorkerThread.WorkerThreadStart",
        "Thread.StartCallback",
    ];

    private static Rule Owner(string part, Func<string, bool> matches, Func<string, string>? name = null) => new(part, true, matches, name);

    private static Rule Part(string part, Func<string, bool> matches, Func<string, string>? name = null) => new(part, false, matches, name);

    private static string ActionName(string frame)
    {
        // Intranet.Blog.Features.Feed.FeedController+<Index>d__3.MoveNext() → Feed.Index
        var type = frame[..frame.IndexOf("Controller", StringComparison.Ordinal)];
        var controller = type[(type.LastIndexOf('.') + 1)..];
        var rest = frame[(frame.IndexOf("Controller", StringComparison.Ordinal) + "Controller".Length)..];
        var action = rest.StartsWith("+<", StringComparison.Ordinal) ? rest[2..rest.IndexOf('>', StringComparison.Ordinal)] : rest.TrimStart('.').Split('(')[0];
        return controller + "." + action;
    }

    private static string ViewName(string frame)
    {
        // AspNetCoreGeneratedDocument.Features_Feed__Card+<ExecuteAsync>d__12.MoveNext() → Features_Feed__Card
        var name = frame["AspNetCoreGeneratedDocument.".Length..];
        var end = name.IndexOfAny(['+', '.', '(']);
        return end < 0 ? name : name[..end];
    }

    public sealed record Result(IReadOnlyList<ProfileRow> Rows, double SamplesOnCpuPerMs, double GcPauseMs, long AllocatedBytes, int Samples);

    /// requests: completed in the window the trace covers; cpuMicroseconds: the server process's CPU time over it.
    /// How long each page is loaded, untraced and traced.
    public const double WindowSeconds = 15;

    public static Result Analyse(string nettrace, long requests, double cpuMicroseconds)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace, null, new TraceLogOptions { ContinueOnError = true });
        using var log = new TraceLog(etlx);
        var samples = new Dictionary<string, int>();
        var bytes = new Dictionary<string, double>();
        var onCpu = 0;
        long allocated = 0;
        double gcPause = 0, suspendedAt = double.NaN;
        double first = double.NaN, last = double.NaN;
        foreach (var e in log.Events)
        {
            if (e.ProviderName == "Microsoft-DotNETCore-SampleProfiler")
            {
                var frames = Frames(e.CallStack());
                if (frames.Count == 0 || IsWaiting(frames[0]))
                {
                    continue;
                }

                onCpu++;
                first = double.IsNaN(first) ? e.TimeStampRelativeMSec : first;
                last = e.TimeStampRelativeMSec;
                var part = PartOf(frames);
                samples[part] = samples.GetValueOrDefault(part) + 1;
            }
            else if (e is GCAllocationTickTraceData tick)
            {
                allocated += tick.AllocationAmount64;
                var part = PartOf(Frames(e.CallStack()));
                bytes[part] = bytes.GetValueOrDefault(part) + tick.AllocationAmount64;
            }
            else if (e is GCSuspendEETraceData { Reason: GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep })
            {
                // Only suspensions for a collection: the sampler suspends the runtime every millisecond too.
                suspendedAt = e.TimeStampRelativeMSec;
            }
            else if (e is GCNoUserDataTraceData && e.EventName.EndsWith("RestartEEStop", StringComparison.Ordinal) && !double.IsNaN(suspendedAt))
            {
                gcPause += e.TimeStampRelativeMSec - suspendedAt;
                suspendedAt = double.NaN;
            }
        }

        // GC pauses are not sampled (the sampler waits for them): they are a row of their own, and the samples share
        // the rest of the CPU time.
        var perRequest = cpuMicroseconds / requests;
        var gcPerRequest = Math.Min(perRequest, gcPause * 1000 / requests);
        var sampled = perRequest - gcPerRequest;
        var rows = samples.OrderByDescending(s => s.Value)
            .Select(s => new ProfileRow(s.Key, sampled * s.Value / Math.Max(1, onCpu), bytes.GetValueOrDefault(s.Key) / requests))
            .Append(new ProfileRow("garbage collection (pauses)", gcPerRequest, 0))
            .Concat(bytes.Where(b => !samples.ContainsKey(b.Key)).Select(b => new ProfileRow(b.Key, 0, b.Value / requests)))
            .ToList();
        var windowMs = last - first;
        return new Result(rows, windowMs > 0 ? onCpu / windowMs : 0, gcPause, allocated, onCpu);
    }

    /// The frames of one stack, leaf first, as "Namespace.Type.Method(...)".
    public static List<string> Frames(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (var s = stack; s is not null; s = s.Caller)
        {
            var name = s.CodeAddress.FullMethodName;
            if (!string.IsNullOrEmpty(name))
            {
                frames.Add(name);
            }
        }

        return frames;
    }

    public static bool IsWaiting(string leaf) =>
        Waits.Any(w => leaf.Contains(w, StringComparison.Ordinal)) || WaitingLeaves.Any(w => leaf.Contains(w, StringComparison.Ordinal));

    private static string PartOf(List<string> frames)
    {
        // The outermost owner, if the stack passes through one.
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            foreach (var rule in Rules)
            {
                if (rule.Owns && rule.Matches(frames[i]))
                {
                    return rule.PartFor(frames[i]);
                }
            }
        }

        // Else the deepest frame any rule names.
        foreach (var frame in frames)
        {
            foreach (var rule in Rules)
            {
                if (!rule.Owns && rule.Matches(frame))
                {
                    return rule.PartFor(frame);
                }
            }
        }

        return frames.Count == 0 ? "no managed stack" : "runtime and libraries (thread pool, tasks, other)";
    }

    /// The leaf frames that took the most samples: to check the rules and to find what a row is made of.
    public static IReadOnlyList<(string Frame, int Samples)> TopFrames(string nettrace, string part, int count)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(nettrace, null, new TraceLogOptions { ContinueOnError = true });
        using var log = new TraceLog(etlx);
        var leaves = new Dictionary<string, int>();
        foreach (var e in log.Events)
        {
            if (e.ProviderName != "Microsoft-DotNETCore-SampleProfiler")
            {
                continue;
            }

            var frames = Frames(e.CallStack());
            if (frames.Count == 0 || IsWaiting(frames[0]) || PartOf(frames) != part)
            {
                continue;
            }

            // The leaf, and the deepest frames of the product's own code: which query, which view.
            var product = frames.Where(f => f.StartsWith("Intranet.Blog.", StringComparison.Ordinal) || f.StartsWith("AspNetCoreGeneratedDocument.", StringComparison.Ordinal)).Take(3);
            var key = string.Join(" ← ", frames.Take(2).Select(Short).Append("…").Concat(product.Select(Short)));
            leaves[key] = leaves.GetValueOrDefault(key) + 1;
        }

        return leaves.OrderByDescending(l => l.Value).Take(count).Select(l => (l.Key, l.Value)).ToList();
    }

    private static string Short(string frame)
    {
        var paren = frame.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? frame : frame[..paren];
    }

    public static string Table(string page, Result result, long requests, double cpuMicroseconds, long tracedRequests, double tracedCpuMicroseconds)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {page}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Untraced: {requests / WindowSeconds:N0} req/s, {cpuMicroseconds / requests:N0} µs of server CPU per request. Traced: {tracedRequests / WindowSeconds:N0} req/s, {tracedCpuMicroseconds / tracedRequests:N0} µs per request, {result.AllocatedBytes / (double)tracedRequests:N0} bytes allocated per request, {result.Samples:N0} samples of working threads. The rows share the untraced time in the proportions the trace found.");
        text.AppendLine();
        text.AppendLine("| part | µs per request | share | bytes allocated per request |");
        text.AppendLine("|---|---:|---:|---:|");
        var total = result.Rows.Sum(r => r.Microseconds);
        foreach (var row in result.Rows.OrderByDescending(r => r.Microseconds))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Part} | {row.Microseconds:N1} | {row.Microseconds / total:P0} | {row.Bytes:N0} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **total** | **{total:N1}** | 100 % | **{result.Rows.Sum(r => r.Bytes):N0}** |");
        return text.ToString();
    }
}
