using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure.Markdown;

/// A table of stored Markdown whose HTML follows the renderer's fixes (posts, comments; later department
/// descriptions, guides, versions, guidelines, ideas). To join:
/// 1. a migration adds `body_version INTEGER NOT NULL DEFAULT 0` and an index on (body_version, id) to the table;
/// 2. every write of the table stores MarkdownRenderer.Version with the HTML it rendered;
/// 3. a class implements this interface (PostBodies is the example) and is registered with
///    `services.AddSingleton<IStoredMarkdown, YourBodies>()`; Rerenderer finds it there.
/// A re-render is not an edit: it writes only the HTML (and what is derived from it, like an excerpt) and the version,
/// never an edited time, a version history entry, an event or a new acknowledgement.
public interface IStoredMarkdown
{
    /// For the log: what these bodies are.
    string Name { get; }

    /// Re-renders the bodies with an id above after that an older renderer made, at most take of them: reads and
    /// renders outside the writer gate, then writes in one short transaction those whose Markdown has not changed in
    /// between (an edit in the meantime rendered it anew already). Returns the last id looked at, or null when no
    /// stale body is left.
    Task<long?> RerenderBatchAsync(long after, int take, CancellationToken ct);
}

/// After each start, brings every stored body up to the current renderer, in the background and in batches. Resumable:
/// the progress is each row's body_version, so a restart goes on with what is left. Cached cards need no purge: their
/// keys hold the row with its HTML, so a re-rendered row is a new key.
public sealed partial class Rerenderer(IEnumerable<IStoredMarkdown> sources, Database db, AfterFirstRequest afterFirst, TimeProvider clock, ILogger<Rerenderer> logger)
    : BackgroundService
{
    public const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the start and its first page finish first; the app serves the old HTML meanwhile.
        try
        {
            await afterFirst.WaitAsync(stoppingToken);
            // With several nodes one renders; another takes over only if that one stops.
            while (!await db.RunsJobAsync(nameof(Rerenderer), stoppingToken))
            {
                await Task.Delay(Database.JobStandby, clock, stoppingToken);
            }

            await RerenderAllAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The next start goes on from where this one stopped; meanwhile the stored HTML is served as it is.
            Failed(logger, ex);
        }
    }

    public async Task RerenderAllAsync(CancellationToken ct)
    {
        foreach (var source in sources)
        {
            var count = 0;
            for (var after = 0L; await source.RerenderBatchAsync(after, BatchSize, ct) is { } last; after = last)
            {
                count++;
            }

            if (count > 0)
            {
                Done(logger, source.Name, MarkdownRenderer.Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-rendered the stored {Name} with Markdown renderer version {Version}")]
    private static partial void Done(ILogger logger, string name, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-rendering stored bodies stopped; the next start goes on")]
    private static partial void Failed(ILogger logger, Exception exception);
}
