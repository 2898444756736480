using System.Globalization;
using System.Threading.RateLimiting;
using Intranet.Blog.Infrastructure.Auth;
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
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes);
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
            // Every state-changing request of a signed-in person counts; reading never does.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var userId = context.User.IdOrNull();
                if (userId is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    || context.Request.Path.StartsWithSegments("/account") || context.Request.Path.StartsWithSegments("/hubs"))
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
        });
        return services;
    }
}
