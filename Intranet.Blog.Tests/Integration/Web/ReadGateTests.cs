using System.Security.Claims;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Integration.Web;

/// The app's own request limiter (Limits): page reads a few at a time in order, writes never behind them.
public sealed class ReadGateTests : AppFixture
{
    private HttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext { RequestServices = App.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "1")], "test"));
        return context;
    }

    [Test]
    public void When_every_read_slot_is_taken_reads_error_pages_and_oversized_refusals_wait_while_writes_and_the_live_hub_go_through()
    {
        var limiter = App.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var slots = 2 * Environment.ProcessorCount;
        var taken = Enumerable.Range(0, slots).Select(_ => limiter.AttemptAcquire(Request("GET", "/"))).ToList();

        using var waitingRead = limiter.AttemptAcquire(Request("GET", "/posts/1"));
        var refusal = Request("POST", "/error/413");
        refusal.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature { OriginalPath = "/posts" });
        using var waitingErrorPage = limiter.AttemptAcquire(refusal);
        var oversized = Request("POST", "/posts");
        oversized.Request.ContentLength = 5 * 1024 * 1024;
        using var waitingOversized = limiter.AttemptAcquire(oversized);
        using var write = limiter.AttemptAcquire(Request("POST", "/posts"));
        using var hub = limiter.AttemptAcquire(Request("GET", "/hubs/live"));

        Assert.That(taken.Select(l => l.IsAcquired), Is.All.True);
        Assert.That(waitingRead.IsAcquired, Is.False, "a read beyond the slots waits (AttemptAcquire does not queue)");
        Assert.That(waitingErrorPage.IsAcquired, Is.False, "the error page of a refused post renders like a read");
        Assert.That(waitingOversized.IsAcquired, Is.False, "the refusal of an oversized body answers with a page, in turn");
        Assert.That(write.IsAcquired, Is.True);
        Assert.That(hub.IsAcquired, Is.True);

        taken[0].Dispose();
        using var nextRead = limiter.AttemptAcquire(Request("GET", "/posts/1"));
        Assert.That(nextRead.IsAcquired, Is.True, "a freed slot goes to the next read");
        taken.Skip(1).ToList().ForEach(l => l.Dispose());
    }

    [Test]
    public async Task A_queued_read_is_served_in_turn_not_refused()
    {
        var limiter = App.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var taken = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ => limiter.AttemptAcquire(Request("GET", "/"))).ToList();

        var queued = limiter.AcquireAsync(Request("GET", "/")).AsTask();
        Assert.That(queued.IsCompleted, Is.False);
        taken.ForEach(l => l.Dispose());
        using var lease = await queued.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(lease.IsAcquired, Is.True);
    }
}
