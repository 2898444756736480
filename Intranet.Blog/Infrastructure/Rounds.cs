using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure;

/// Work a background service repeats until the app stops: each round runs in a DI scope of its own and answers how
/// long to wait before the next one. A failed round is logged and tried again after `retry`: its state is in the
/// database, so the next round catches up, and one bad moment (a locked or read-only database) never ends the service.
/// The first round waits until the first request after the start has been answered (AfterFirstRequest).
/// job: its name among the background jobs, which run on one node at a time (Database.RunsJobAsync); a node that does
/// not run it asks again after Database.JobStandby.
public static class Rounds
{
    public static async Task RepeatAsync(string job, IServiceScopeFactory scopes, TimeProvider clock, TimeSpan retry,
        Func<IServiceProvider, CancellationToken, Task<TimeSpan>> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            try
            {
                await scope.ServiceProvider.GetRequiredService<AfterFirstRequest>().WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                wait = await scope.ServiceProvider.GetRequiredService<Database>().RunsJobAsync(job, stoppingToken)
                    ? await round(scope.ServiceProvider, stoppingToken)
                    : Database.JobStandby;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failed(ex);
                wait = retry;
            }

            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
