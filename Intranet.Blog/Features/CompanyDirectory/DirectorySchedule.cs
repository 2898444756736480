using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanyDirectory;

/// Runs the directory sync every Intranet:Ldap:SyncIntervalMinutes, counted from the last scheduled run in the
/// record, so a restart does not sync again at once. A failed run is recorded and tried at the next turn. Nothing
/// runs by itself before an admin has applied a sync from the preview once: the first sync is always seen.
public sealed class DirectorySchedule(IServiceScopeFactory scopes, DirectoryStore store, Database db, IOptions<LdapOptions> options, TimeProvider clock, ILogger<DirectorySchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.SyncIntervalMinutes == 0)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(o.SyncIntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = (await store.LastScheduledAsync(stoppingToken) ?? DateTimeOffset.MinValue) + interval;
                if (due > clock.GetUtcNow())
                {
                    await Task.Delay(due - clock.GetUtcNow(), clock, stoppingToken);
                }

                // With several nodes one syncs; the others wait, and take over when it stops.
                if (!await db.RunsJobAsync(nameof(DirectorySchedule), stoppingToken))
                {
                    await Task.Delay(Database.JobStandby, clock, stoppingToken);
                    continue;
                }

                if (!await store.AnAdminHasAppliedAsync(stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DirectorySync>().ApplyAsync(actorId: null, expectedFingerprint: null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database that is read-only or briefly locked: the next turn tries again.
                logger.LogError(e, "The scheduled directory sync failed.");
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
