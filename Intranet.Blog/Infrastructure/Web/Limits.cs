using System.Globalization;
using System.Threading.RateLimiting;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Nodes;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using System.Text.Encodings.Web;

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
                SetRetryAfter(context.HttpContext.Response, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(30));
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(Writes(), Reads());
        });
        return services;
    }

    /// Every state-changing request of a signed-in person counts; reading never does. With several nodes, the
    /// count is Redis's (UseSharedWriteLimit).
    private static PartitionedRateLimiter<HttpContext> Writes() => PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        if (LimitedWriter(context) is not { } userId || context.RequestServices.GetService<SharedLimits>() is not null)
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

    private static long? LimitedWriter(HttpContext context) =>
        context.User.IdOrNull() is { } userId && !IsRead(context) && !context.Request.Path.StartsWithSegments("/account") && !context.Request.Path.StartsWithSegments("/hubs")
            ? userId
            : null;

    /// Several nodes: the per-person write limit counted in Redis, the same bucket as on one node. While Redis cannot
    /// be reached, writes go through: a limit against floods must not stop everyone's work.
    public static IApplicationBuilder UseSharedWriteLimit(this IApplicationBuilder app) =>
        app.ApplicationServices.GetService<SharedLimits>() is { } shared ? app.Use(async (context, next) =>
    {
        if (LimitedWriter(context) is { } userId)
        {
            var perMinute = context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.WritesPerMinute;
            TimeSpan? wait = null;
            try
            {
                wait = await shared.TakeAsync("writes:" + userId.ToString(CultureInfo.InvariantCulture), perMinute);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                context.RequestServices.GetRequiredService<ILogger<LimitOptions>>().LogWarning("The shared write limit could not be asked ({Reason}); the write goes through", ex.Message);
            }

            if (wait is { } after)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                SetRetryAfter(context.Response, after);
                return;
            }
        }

        await next(context);
    }) : app;

    private static void SetRetryAfter(HttpResponse response, TimeSpan after) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

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

    /// A page to render: a read, or the error page re-executed for any request, or the refusal of an oversized body.
    /// A refused write answers with a page too, and takes its turn like one: a flood of them then gets its share of
    /// the gate and no more. (Without the turn, a cheap refusal only made the flood faster: 330 refusals a second
    /// left readers 28 % of their pace in bench F1.)
    private static bool IsRead(HttpContext context) => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
        || context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null
        || IsOversized(context);

    private static bool IsOversized(HttpContext context) =>
        context.Request.ContentLength > context.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRequestBytes;

    /// A body announced over MaxRequestBytes is refused before anything reads it: 413 with a short page of its own,
    /// in the person's language, and the connection closed, since the rest of the body is never read. Not the
    /// re-executed error page: a flood of oversized posts costs one answer each, and the page with its layout cost
    /// about 4 ms of server time a refusal against 1.5 ms for this one. Runs after the read gate (see IsRead).
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsOversized(context))
        {
            await next(context);
            return;
        }

        var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var message = IsUpload(context.Request.Path) ? t["The file is too large: images may be at most 2 MB."] : t["The request is too large. Please send less at once."];
        var encode = context.RequestServices.GetRequiredService<HtmlEncoder>();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers.Connection = "close";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{encode.Encode(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{encode.Encode(t["Too large"])}</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main"><h1>{encode.Encode(t["Too large"])}</h1><p>{encode.Encode(message)}</p><p><a href="/">{encode.Encode(t["Back to the feed"])}</a></p></main></body>
            </html>
            """);
    });

    /// Image uploads (the editor's and the profile photo's) have their own, smaller limit, which the refusal names.
    public static bool IsUpload(PathString path) =>
        path.StartsWithSegments("/uploads", StringComparison.Ordinal) || path.StartsWithSegments("/people/me/edit", StringComparison.Ordinal);
}
