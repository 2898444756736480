using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Intranet.Blog.Features.Health;

public sealed record ActionTiming(string Action, long Requests, double ActionMs, double RenderMs);

/// Where a page's time goes, per action: the action (binding, queries, writes) and the result (Razor rendering).
/// Cheap enough to stay on; operators and the benchmark read it from /admin/diagnostics/timings.
public sealed class RequestTimings : IAsyncActionFilter, IAsyncResultFilter
{
    private readonly ConcurrentDictionary<string, (long Count, long ActionTicks, long RenderTicks)> _totals = new();

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        await next();
        Add(context.ActionDescriptor, Stopwatch.GetTimestamp() - started, 0, 1);
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        await next();
        Add(context.ActionDescriptor, 0, Stopwatch.GetTimestamp() - started, 0);
    }

    public IReadOnlyList<ActionTiming> Snapshot() => _totals
        .Where(t => t.Value.Count > 0)
        .Select(t => new ActionTiming(t.Key, t.Value.Count,
            TimeSpan.FromTicks(t.Value.ActionTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalMilliseconds / t.Value.Count,
            TimeSpan.FromTicks(t.Value.RenderTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalMilliseconds / t.Value.Count))
        .OrderByDescending(t => t.Requests)
        .ToList();

    public void Reset() => _totals.Clear();

    private void Add(Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor action, long actionTicks, long renderTicks, long count)
    {
        var key = action is ControllerActionDescriptor c ? $"{c.ControllerName}.{c.ActionName}" : action.DisplayName ?? "?";
        _totals.AddOrUpdate(key, (count, actionTicks, renderTicks), (_, t) => (t.Count + count, t.ActionTicks + actionTicks, t.RenderTicks + renderTicks));
    }
}
