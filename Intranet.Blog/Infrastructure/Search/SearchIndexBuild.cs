using System.Diagnostics;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Infrastructure.Search;

/// The migration step that builds the search index from the rows: after migration 0020 created it, and after every
/// change of SearchText (its Version). One transaction, so a start that is killed half-way builds it again next time.
/// Progress goes to the log every tenth of each source. The admin's check (RepairAsync) builds it the same way.
public sealed class SearchIndexBuild(SqliteDatabase db, ILogger<SearchIndexBuild> logger) : IDataMigration
{
    // FTS5 reports an index that contradicts itself or its rows (a lost size row, a segment a hand edit broke) as
    // SQLITE_CORRUPT_VTAB. The file is sound (damage to its pages is plain SQLITE_CORRUPT), and the index is built
    // from the rows: such an error stops no writing (ReadOnlyMode.Classify) and builds the index again.
    private const int CorruptIndex = 267;

    private int _repairing;

    /// True when the failure is the search index's own damage (see CorruptIndex).
    public static bool IsDamage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteExtendedErrorCode: CorruptIndex })
            {
                return true;
            }
        }

        return false;
    }

    /// A request met a damaged index (UseSearchIndexRepair): it is built again in the background, once at a time,
    /// so searching and writing work again without a restart or the admin's check. Until then such requests answer 503.
    public void RepairSoon()
    {
        if (Interlocked.Exchange(ref _repairing, 1) == 1)
        {
            return;
        }

        logger.LogError("The search index is damaged; building it again from the posts and comments");
        _ = Task.Run(async () =>
        {
            try
            {
                // One transaction: a stop half-way leaves the damaged index, and the next request that meets it starts again.
                await RepairAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Building the damaged search index again failed; the admin's database check tries again");
            }
            finally
            {
                Volatile.Write(ref _repairing, 0);
            }
        });
    }

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
