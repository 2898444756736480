using System.Globalization;
using System.Threading.Channels;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Live;

/// Open pages learn at once that writing stopped or works again: the banner appears or goes, in each reader's
/// language. Not in the events log: while the disk is full, nothing can be added to it. Only this node's pages: with
/// several nodes, read-only mode is each node's own (its disk, its connection to the database).
public sealed class ReadOnlyNotice(
    ReadOnlyMode readOnly, IHubContext<LiveHub, ILiveClient> hub, LiveSessions sessions, IStringLocalizer<SharedResource> t, ILogger<ReadOnlyNotice> logger)
    : BackgroundService
{
    // Changes are sent one after another, so a quick "stopped, works again" arrives in that order.
    private readonly Channel<ReadOnlyMode.State?> _changes = Channel.CreateUnbounded<ReadOnlyMode.State?>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        readOnly.Changed += Queue;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        readOnly.Changed -= Queue;
        return base.StopAsync(cancellationToken);
    }

    /// What a page in this language shows now (null: no banner).
    public StorageNotice Now(string culture) => For(readOnly.Current, culture);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var state in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var culture in WebSetup.Cultures)
            {
                try
                {
                    var notice = For(state, culture.Name);
                    await Task.WhenAll(sessions.ConnectionIds(culture.Name).Select(id => hub.Clients.Client(id).Storage(notice)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not tell live clients about read-only mode; pages show it when loaded");
                }
            }
        }
    }

    private void Queue(ReadOnlyMode.State? state) => _changes.Writer.TryWrite(state);

    private StorageNotice For(ReadOnlyMode.State? state, string culture)
    {
        if (state is null)
        {
            return new StorageNotice(null);
        }

        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = WebSetup.Culture(culture);
            return new StorageNotice(t[ReadOnlyText.For(state.Fault)]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
