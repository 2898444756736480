using System.Diagnostics;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure.Search;

/// The migration step that builds the search index from the rows: after migration 0020 created it, and after every
/// change of SearchText (its Version). One transaction, so a start that is killed half-way builds it again next time.
/// Progress goes to the log every tenth of each source.
public sealed class SearchIndexBuild(SqliteDatabase db, ILogger<SearchIndexBuild> logger) : IDataMigration
{
    public async Task RunAsync(CancellationToken ct)
    {
        await using (var connection = await db.OpenSqliteAsync(ct))
        {
            if (await Fts5.AnalyzerAsync(connection) == SearchText.Version)
            {
                return;
            }
        }

        var elapsed = Stopwatch.StartNew();
        logger.LogInformation("Building the search index (analyzer version {Version}) …", SearchText.Version);
        var logged = (Source: "", Percent: -1);
        await using var scope = await db.BeginWriteAsync(ct);
        await Fts5.RebuildAsync(scope.Connection, scope.Transaction, (source, percent) =>
        {
            if (source != logged.Source || percent / 10 > logged.Percent / 10)
            {
                logger.LogInformation("Search index: {Source} {Percent} % ({Seconds:F0} s)", source, percent, elapsed.Elapsed.TotalSeconds);
                logged = (source, percent);
            }
        }, ct);
        await scope.CommitAsync(ct);
        logger.LogInformation("Search index built in {Seconds:F1} s", elapsed.Elapsed.TotalSeconds);
    }
}
