using System.Globalization;
using System.Threading.RateLimiting;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Web;

/// <summary><c>Intranet:Limits</c>: request sizes and per-person write rates.</summary>
public sealed class LimitOptions
{
    /// <summary><c>Intranet:Limits:WritesPerMinute</c>: posts, comments, reactions and uploads one person may send per minute (a burst of the same size is allowed).</summary>
    public int WritesPerMinute { get; set; } = 120;

    /// <summary><c>Intranet:Limits:MaxRequestBytes</c>: larger request bodies are refused with 413 before they are read.</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;
}

public static class Limits
{
    public static IServiceCollection AddBlogLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitOptions>().BindConfiguration("Intranet:Limits");
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes;
            // A whole page fits, so rendering never waits for a slow client to read (see Reads).
            kestrel.Limits.MaxResponseBufferSize = 1024 * 1024;
        });
        services.Configure<FormOptions>(form =>
        {
            // The longest field is an article body (40,000 characters); anything far beyond is not a real form.
            form.ValueLengthLimit = 256 * 1024;
            form.ValueCountLimit = 200;
            form.KeyLengthLimit = 200;
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(30);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(Writes(), Reads());
        });
        return services;
    }

    /// Every state-changing request of a signed-in person counts; reading never does.
    private static PartitionedRateLimiter<HttpContext> Writes() => PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var userId = context.User.IdOrNull();
        if (userId is null || IsRead(context) || context.Request.Path.StartsWithSegments("/account") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var perMinute = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.WritesPerMinute;
        return RateLimitPartition.GetTokenBucketLimiter("user:" + userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 6),
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    });

    /// Pages are read a few at a time, the rest wait their turn in order; writes never wait here. When everyone opens
    /// the feed at once, a post or comment is then not stuck behind dozens of half-rendered pages sharing the CPU
    /// (and those pages finish sooner, holding less memory). A read holds its slot only while it renders: responses
    /// are buffered (MaxResponseBufferSize), so a slow client does not keep others waiting. The live hub, files and
    /// health checks are outside the gate (long-lived, streamed, or asked for by the platform).
    private static PartitionedRateLimiter<HttpContext> Reads() => PartitionedRateLimiter.Create<HttpContext, string>(context =>
        IsRead(context) && !context.Request.Path.StartsWithSegments("/hubs")
            ? RateLimitPartition.GetConcurrencyLimiter("reads", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = 2 * Environment.ProcessorCount,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(""));

    /// A page to render: a read, or the error page re-executed for any request (the refusal of an oversized post
    /// renders a page too, and takes its turn like one, so a flood of them cannot crowd out the readers).
    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
        || context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// A body announced over MaxRequestBytes is refused before anything reads it: 413, and the error page (re-executed,
    /// so it names the image limit on upload forms) instead of the bare "bad request" of a form read that fails
    /// half-way, and without the exception.
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRequestBytes;
        if (context.Request.ContentLength > limit && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next(context);
    });
}
