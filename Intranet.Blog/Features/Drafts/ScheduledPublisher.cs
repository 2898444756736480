using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Drafts;

/// Publishes scheduled drafts when their time comes. The schedule lives in the database (drafts.publish_at), so it
/// survives a restart: the first pass after a start publishes whatever came due while the app was down. Between passes
/// it sleeps until the next publishing time (a minute at most), and a new or changed schedule wakes it, so a post appears
/// at its minute, not up to a minute late. On PostgreSQL a schedule set through another node reaches this one only as
/// that node's commit, so there the sleep also ends at the next commit of any node, but no sooner than two seconds after
/// the last look: a busy database costs one look every two seconds. Time is the injected TimeProvider.
public sealed partial class ScheduledPublisher(IServiceScopeFactory scopes, DraftStore drafts, Database db, TimeProvider clock, AfterFirstRequest afterFirst,
    ILogger<ScheduledPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LookAgainAfterCommit = TimeSpan.FromSeconds(2);
    // Replaced before each pass, so a wake-up during a pass ends the sleep that follows it. Never disposed: a source
    // without a timer holds nothing, and disposing it could race with Wake.
    private CancellationTokenSource _sleep = new();

    /// A schedule was set or changed: look again now.
    public void Wake() => Volatile.Read(ref _sleep).Cancel();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass comes after the start's first page: a post due during the downtime is out a moment later.
        await afterFirst.WaitAsync(stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Longest;
            var sleep = new CancellationTokenSource();
            Volatile.Write(ref _sleep, sleep);
            // Taken before the look: a commit during it (another node's schedule) is not missed.
            var commit = db is PostgresDatabase ? db.NextCommitAsync() : null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<Database>().RunsJobAsync(nameof(ScheduledPublisher), stoppingToken))
                {
                    await scope.ServiceProvider.GetRequiredService<DraftService>().PublishDueAsync(stoppingToken);
                    if (await drafts.NextDueAsync(stoppingToken) is { } next)
                    {
                        wait = next - clock.GetUtcNow();
                    }
                }
                else
                {
                    // Another node publishes (a schedule set here wakes this node only; that one looks every minute).
                    wait = Database.JobStandby;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A locked or read-only database: nothing was published half; try again in a minute.
                Failed(logger, ex);
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, sleep.Token);
            var due = Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait, clock, both.Token);
            // WhenAny neither throws nor waits for the other: a cancelled delay just ends the sleep.
            await (commit is null ? Task.WhenAny(due) : Task.WhenAny(due, Task.WhenAll(commit, Task.Delay(LookAgainAfterCommit, clock, both.Token))));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing scheduled posts failed; trying again in a minute")]
    private static partial void Failed(ILogger logger, Exception exception);
}
