using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Posts;

/// Who saw or opened a post is kept per person only while the post is new (Intranet:ReadRetentionDays after it was
/// published): long enough for "new since your last visit" and the funnel's first week. Then the rows are deleted and
/// the post keeps its counts (seen, opened, and the funnel's cells, all counted when each open was recorded). Must-read
/// acknowledgements are other tables with their own period and are not touched here.
public sealed partial class ReadRetention(IServiceScopeFactory scopes, Database db, PostStore posts, ReachStore reach, TimeProvider clock,
    IOptions<IntranetOptions> options, ILogger<ReadRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    // Small batches, one transaction each: the writer gate is never held long by a backlog.
    private const int Batch = 50;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(ReadRetention), scopes, clock, Interval, async (_, ct) =>
        {
            await FoldDueAsync(ct);
            return Interval;
        }, ex => Failed(logger, ex), stoppingToken);

    /// Folds every post past the retention; returns how many posts were folded.
    public async Task<int> FoldDueAsync(CancellationToken ct)
    {
        var folded = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            await using var scope = await db.BeginWriteAsync(ct);
            var due = await posts.ReadsToFoldAsync(scope.Connection, scope.Transaction, now.AddDays(-options.Value.ReadRetentionDays), Batch);
            if (due.Count == 0)
            {
                return folded;
            }

            await reach.FoldAsync(scope.Connection, scope.Transaction, due);
            await posts.MarkReadsFoldedAsync(scope.Connection, scope.Transaction, due, now);
            await scope.CommitAsync(ct);
            folded += due.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folding read records past their retention failed; trying again in an hour")]
    private static partial void Failed(ILogger logger, Exception exception);
}
