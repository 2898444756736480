using System.Diagnostics;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure.Search;

/// The migration step that builds the search index from the rows: after migration 0020 created it, and after every
/// change of SearchText (its Version). One transaction, so a start that is killed half-way builds it again next time.
/// Progress goes to the log every tenth of each source. The admin's check (RepairAsync) builds it the same way.
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

        await BuildAsync(ct);
    }

    /// The check on demand (admin area, `check` command): FTS5's comparison of the indexes with the rows, and a build
    /// from the rows when they differ. The triggers keep them equal in every write's own transaction, so a difference
    /// means a write went past them (a hand edit in the sqlite3 shell, another tool); the rows are what counts.
    /// True when the index differed and was built again.
    public async Task<bool> RepairAsync(CancellationToken ct)
    {
        await using (var connection = await db.OpenSqliteAsync(ct))
        {
            if (await Fts5.MatchesRowsAsync(connection, ct))
            {
                return false;
            }
        }

        logger.LogWarning("The search index differs from the posts and comments; building it again from them");
        await BuildAsync(ct);
        return true;
    }

    private async Task BuildAsync(CancellationToken ct)
    {
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
