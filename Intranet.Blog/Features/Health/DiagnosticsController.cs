using System.Diagnostics;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Health;

public sealed record MemoryReport(long GcHeapBytes, long WorkingSetBytes);

/// For operators and the benchmark's memory-per-connection figure: the managed heap after a full, compacting
/// collection (what live objects really hold) and the process's resident memory.
[Authorize(Policy = Roles.Admin)]
public sealed class DiagnosticsController(RequestTimings timings) : Controller
{
    /// A POST with the antiforgery token: a forced, compacting collection pauses every request, so no link or image may start one.
    [HttpPost("/admin/diagnostics/memory")]
    public MemoryReport Memory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryReport(heap, process.WorkingSet64);
    }

    /// Every byte the runtime has allocated since the start: the benchmark's allocations per request.
    [HttpGet("/admin/diagnostics/allocated")]
    public IActionResult Allocated() => Json(new { allocatedBytes = GC.GetTotalAllocatedBytes(precise: false) });

    /// Mean time per request in each action and in rendering its result, since start or the last reset.
    [HttpGet("/admin/diagnostics/timings")]
    public IReadOnlyList<ActionTiming> Timings() => timings.Snapshot();

    [HttpPost("/admin/diagnostics/timings/reset")]
    public IActionResult ResetTimings()
    {
        timings.Reset();
        return NoContent();
    }
}
