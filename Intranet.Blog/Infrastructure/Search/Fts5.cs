using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Infrastructure.Search;

/// SQLite-only: the FTS5 side of search (with SqliteSearchFunctions and migrations/sqlite/0020 and 0054), the
/// SearchIndex the app queries on SQLite, and the index's build and check. A document's rowid is id * 8 + its kind
/// (comments from 2^50 on).
public sealed class Fts5 : SearchIndex
{
    // Two bm25 sums over one index (posts and comments together, so a word has one rarity for both, migration 0054):
    // the title alone at a weight that saturates it, plus the body and the parts. FTS5 measures a row's whole length
    // against the average over the index, mostly short comments, so any title weight a long article can carry loses to
    // a short comment naming the word in passing (20 lost past some 360 words). Saturated, a title hit adds bm25's
    // ceiling for the word, (k1 + 1) times its rarity, whatever the length: more than any body match alone, so a
    // post titled with a word comes first among those of its age and keeps the lead for about two months against a
    // short comment that only names it, longer against longer ones (a walk measured 62 and 84 days; recency halves a
    // match in 90), and a month at least (SearchTests.A_post_titled_with_a_word...). A compound part in the title
    // ("Fahrrad" in "Lastenfahrrad") counts as a part: the parts column holds the title's and the body's alike. Both
    // calls share the cursor's rarities, which FTS5 counts once per query.
    public override string Score => "(bm25(search_texts, 1000000.0, 0.0, 0.0) + bm25(search_texts, 0.0, 1.0, 0.5))";

    /// FTS5 hands the hits out in rowid order. A post's rowid is id * 8 + 1, a comment's 2^50 + id * 8 + 2 (migration
    /// 0054), so ids order the hits by age within each range, and for a whole word either side seeks to its own range
    /// instead of walking the other kind's documents. A word's start (word*, the parts' alternatives) is merged over
    /// the whole index first, and bm25 counts a word's documents of both kinds, as in one index without ranges.
    public override string Hits => "search_texts h";

    public override string PostHitsWhere => $"search_texts MATCH @match AND h.rowid < {CommentDocs}";

    public override string CommentHitsWhere => $"search_texts MATCH @match AND h.rowid >= {CommentDocs}";

    private const long CommentDocs = 1L << 50;

    public override string HitDoc => "h.rowid";

    public override string HitId => $"((h.rowid & {CommentDocs - 1}) >> 3)";

    public override string NewestFirst => "h.rowid DESC";

    /// The visible posts (p) and comments (c) as the narrow indexes of migration 0035 hold them: a hit's lookup reads
    /// those instead of the rows' pages of text. Named, because for a lookup by id SQLite's planner takes the table.
    public override string PostsOfHits => "posts p INDEXED BY ix_posts_search_hits";

    public override string CommentsOfHits => "comments c INDEXED BY ix_comments_search_hits";

    public override string NameHitsSql => """
        SELECT rowid AS doc, rowid >> 3 AS id, bm25(search_names, 4.0, 1.0, 0.5) AS score
          FROM search_names
         WHERE search_names MATCH @match AND (rowid & 7) = @kind
        """;

    /// Quoted, as every term is letters and digits only: FTS5 reads no operator (NEAR, *, ^, column filters) in it.
    protected override string Phrase(Column column, bool names, IReadOnlyList<string> terms, bool prefix) =>
        (column switch { Column.Parts => "parts", Column.Title => "title", _ => names ? "{name about}" : "{title body}" })
        + $" : \"{string.Join(' ', terms)}\"" + (prefix ? " *" : "");

    protected override string AnyOf(IEnumerable<string> alternatives) => "(" + string.Join(" OR ", alternatives) + ")";

    protected override string AllOf(IEnumerable<string> matches) => string.Join(" AND ", matches);

    protected override string Without(string match, string excluded) => match + " NOT " + excluded;

    private const string AnalyzerSql = "SELECT analyzer FROM search_state";

    public static Task<int> AnalyzerAsync(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<int>(AnalyzerSql, transaction: transaction);

    private const string SetAnalyzerSql = "UPDATE search_state SET analyzer = @version";

    private const string ClearSql = """
        INSERT INTO search_texts (search_texts) VALUES ('delete-all');
        INSERT INTO search_names (search_names) VALUES ('delete-all');
        """;

    private static readonly (string Name, string Table, string Index, string Docs)[] Sources =
    [
        ("people", "users", "search_names (rowid, name, about, parts)", "SELECT doc, name, about, parts FROM search_person_docs"),
        ("topics", "tags", "search_names (rowid, name, about, parts)", "SELECT doc, name, about, parts FROM search_topic_docs"),
        ("departments", "departments", "search_names (rowid, name, about, parts)", "SELECT doc, name, about, parts FROM search_department_docs"),
        ("posts", "posts", "search_texts (rowid, title, body, parts)", "SELECT doc, title, body, parts FROM search_post_docs"),
        ("comments", "comments", "search_texts (rowid, title, body, parts)", "SELECT doc, title, body, parts FROM search_comment_docs"),
    ];

    private const int BatchSize = 20_000;

    /// Builds both indexes from the rows, inside the caller's transaction, in batches of ids so that progress can be
    /// told: progress(source, percent) after each batch. Afterwards the index equals what the triggers keep.
    public static async Task RebuildAsync(DbConnection connection, DbTransaction transaction, Action<string, int> progress, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(ClearSql, transaction: transaction, cancellationToken: ct));
        foreach (var (name, table, index, docs) in Sources)
        {
            // The table names come from the list above, never from input. Ids are dense enough to measure progress by.
            var maxId = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COALESCE(MAX(id), 0) FROM {table}", transaction: transaction, cancellationToken: ct));
            var insert = $"INSERT INTO {index} {docs} WHERE id > @after AND id <= @until";
            for (long after = 0; after < maxId; after += BatchSize)
            {
                await connection.ExecuteAsync(new CommandDefinition(insert, new { after, until = after + BatchSize }, transaction, cancellationToken: ct));
                progress(name, (int)(100 * Math.Min(after + BatchSize, maxId) / maxId));
            }
        }

        // One b-tree per index instead of the segments the batches left: queries read one structure.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO search_texts (search_texts) VALUES ('optimize');
            INSERT INTO search_names (search_names) VALUES ('optimize');
            """, transaction: transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(SetAnalyzerSql, new { version = SearchText.Version }, transaction, cancellationToken: ct));
    }

    /// FTS5's own check, with the rows as the reference: true when both indexes (texts, names) hold exactly what the rows, analysed
    /// now, would give, which is what a rebuild would produce.
    public static async Task<bool> MatchesRowsAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO search_texts (search_texts, rank) VALUES ('integrity-check', 1);
                INSERT INTO search_names (search_names, rank) VALUES ('integrity-check', 1);
                """, cancellationToken: ct));
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11) // SQLITE_CORRUPT (extended: SQLITE_CORRUPT_VTAB)
        {
            return false;
        }
    }
}
