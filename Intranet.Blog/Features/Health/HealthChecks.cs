using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Intranet.Blog.Features.Health;

/// Alive once the migrations have run: before that the app cannot answer anything.
public sealed class MigrationsCheck(Migrator migrator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(migrator.IsCurrent ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("migrations not applied"));
}

/// While stopping, a load balancer sends new visitors elsewhere; requests already here still finish.
public sealed class StoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());
}

/// Ready to write: the heartbeat row is written and read back (a full disk, a read-only file system, a deleted or
/// damaged database all fail it, and the reason is the answer's body).
public sealed class DatabaseCheck(Heartbeat heartbeat) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await heartbeat.BeatAsync(cancellationToken) is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy();
}

/// A shared uploads folder (Intranet:UploadsDirectory) that is gone, as a share that came unmounted: this node would
/// answer 404 for every image and refuses new ones, while another node may still have it; the proxy sends visitors
/// there instead.
public sealed class SharedUploadsCheck(Microsoft.Extensions.Options.IOptions<IntranetOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.SharedUploadsMissing
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the shared uploads folder {options.Value.UploadsPath} (Intranet:UploadsDirectory) is missing: is the share mounted?"));
}
