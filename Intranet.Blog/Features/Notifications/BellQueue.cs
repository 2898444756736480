using System.Threading.Channels;

namespace Intranet.Blog.Features.Notifications;

/// Whose bell shows a new number: writes hand over the people whose visible unread count changed, once they have
/// committed, and every 30 seconds the entries whose quiet hours ended are announced and their people queued.
/// The live pipeline sends each of them their count (Live.BellPusher); a lost push costs nothing, as the page
/// fetches the count on reconnect.
public sealed class BellQueue(NotificationStore store, TimeProvider clock, ILogger<BellQueue> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// The people to send a new count, in the order they were queued.
    public ChannelReader<long> Changed => _queue.Reader;

    /// After commit: these people's counts changed.
    public void Enqueue(IEnumerable<long> recipients)
    {
        foreach (var id in recipients.Distinct())
        {
            _queue.Writer.TryWrite(id);
        }
    }

    /// Marks every entry that has become visible as announced and queues the people concerned.
    public async Task<IReadOnlyList<long>> AnnounceDueAsync(CancellationToken ct)
    {
        var recipients = await store.AnnounceDueAsync(clock.GetUtcNow(), ct);
        Enqueue(recipients);
        return recipients;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await AnnounceDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Announcing due notifications failed; the next tick retries");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
