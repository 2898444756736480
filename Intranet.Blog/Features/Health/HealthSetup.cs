using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Intranet.Blog.Features.Health;

/// /healthz (alive: restart me if not) and /readyz (send me visitors: I can write), for load balancers and
/// container runtimes. Plain text: "ok"/"ready", or one line per failing check with its reason, and 503.
public static class HealthSetup
{
    public const string Live = "live";
    public const string Ready = "ready";
    public const string Database = "database";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<RequestTimings>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<RequestTimings>());
        services.AddHealthChecks()
            .AddCheck<MigrationsCheck>("migrations", tags: [Live, Ready])
            .AddCheck<StoppingCheck>("stopping", tags: [Ready])
            .AddCheck<SharedUploadsCheck>("uploads", tags: [Ready])
            // Behind the writer gate like any write: a probe that waits longer than this says so instead of hanging.
            .AddCheck<DatabaseCheck>("database", tags: [Ready, Database], timeout: TimeSpan.FromSeconds(15));
        return services;
    }

    public static WebApplication MapBlogHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", Answer(Live, "ok")).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/readyz", Answer(Ready, "ready")).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    private static HealthCheckOptions Answer(string tag, string healthy) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var problems = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
                .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()}");
            return context.Response.WriteAsync(report.Status == HealthStatus.Healthy ? healthy : string.Join('\n', problems));
        },
    };
}
