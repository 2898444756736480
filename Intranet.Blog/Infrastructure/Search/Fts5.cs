using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Infrastructure.Search;

/// SQLite-only: the FTS5 side of search (with SqliteSearchFunctions and migrations/0020_search_index.sql). The stores
/// that search (SearchStore, PeopleStore) put these fragments in their SQL and pass Match(...) as @match; nothing
/// else in the app knows FTS5's syntax. A document's rowid is id * 8 + its kind (Doc).
public static class Fts5
{
    /// The kinds of document, the low three bits of a rowid.
    public static class Doc
    {
        public const int Post = 1;
        public const int Comment = 2;
        public const int Person = 3;
        public const int Topic = 4;
        public const int Department = 5;
    }

    // bm25 weights per column: a word in the title (or name) counts four times one in the body, a compound part half.
    /// The relevance of the hit h (lower is better, as bm25 returns it).
    public const string TextScore = "bm25(search_texts, 4.0, 1.0, 0.5)";

    /// Posts and comments matching @match, as the hit h: a query joins the post or comment it is (HitId) and orders
    /// by NewestFirst, so FTS5 hands the hits out in that order without ranking them all, and the query's LIMIT ends
    /// the scan and its joins early. A document's rowid is id * 8 + kind, so ids order each kind's hits by age, and
    /// the upper bound lets FTS5 start at the newest of the kind instead of stepping over the other's.
    public const string TextHits = "search_texts h";

    public const string PostHitsWhere = "search_texts MATCH @match AND (h.rowid & 7) = 1 AND h.rowid <= (SELECT COALESCE(MAX(id), 0) * 8 + 7 FROM posts)";

    public const string CommentHitsWhere = "search_texts MATCH @match AND (h.rowid & 7) = 2 AND h.rowid <= (SELECT COALESCE(MAX(id), 0) * 8 + 7 FROM comments)";

    public const string HitDoc = "h.rowid";

    public const string HitId = "(h.rowid >> 3)";

    public const string NewestFirst = "h.rowid DESC";

    /// The visible posts (p) and comments (c) as the narrow indexes of migration 0035 hold them: a hit's lookup reads
    /// those instead of the rows' pages of text. Named, because for a lookup by id SQLite's planner takes the table.
    public const string PostsOfHits = "posts p INDEXED BY ix_posts_search_hits";

    public const string CommentsOfHits = "comments c INDEXED BY ix_comments_search_hits";

    /// People, topics and departments matching @match, of one kind (@kind, a Doc value).
    public const string NameHitsSql = """
        SELECT rowid AS doc, rowid >> 3 AS id, bm25(search_names, 4.0, 1.0, 0.5) AS score
          FROM search_names
         WHERE search_names MATCH @match AND (rowid & 7) = @kind
        """;

    /// The MATCH expression for posts and comments; null when there is nothing to look for.
    public static string? TextMatch(SearchQuery query) => Match(query, "{title body}", names: false);

    /// The MATCH expression for people, topics and departments: every word may be the start of one (names are typed
    /// partly: "mül" finds "Müller").
    public static string? NameMatch(SearchQuery query) => Match(query, "{name about}", names: true);

    private static string? Match(SearchQuery query, string columns, bool names)
    {
        if (!query.HasTerms)
        {
            return null;
        }

        var match = string.Join(" AND ", query.All.Select(group => "(" + string.Join(" OR ", group.Select(t => Term(t, columns, names))) + ")"));
        foreach (var term in query.None)
        {
            match += " NOT " + Term(term, columns, names);
        }

        return match;
    }

    /// Words are letters and digits only (SearchText.Words), so quoting them is all the escaping FTS5 needs, and no
    /// input can reach its operators (NEAR, *, ^, column filters).
    private static string Term(SearchTerm term, string columns, bool names)
    {
        var stems = term.Words.Select(SearchText.Stem).ToList();
        if (term.Words.Count > 1)
        {
            return $"{columns} : \"{string.Join(' ', stems)}\"" + (term.Prefix ? " *" : "");
        }

        var word = term.Words[0];
        var stem = stems[0];
        var alternatives = new List<string> { $"{columns} : \"{stem}\"" };
        if (!term.Quoted)
        {
            var prefix = term.MinPrefix(names);
            if (word.Length >= prefix)
            {
                // A finished word finds the longer words it starts among the heads (SearchText.Parts), not itself
                // again; a word being typed finds itself too, and names are searched as typed.
                alternatives.Add(names || term.Prefix ? $"{columns} : \"{word}\" *" : $"parts : \"{SearchText.Head}{word}\" *");
            }

            if (term.StemStarts(names) && stem != word && stem.Length >= prefix)
            {
                alternatives.Add($"{columns} : \"{stem}\" *");
            }

            if (stem.Length >= SearchText.MinPart)
            {
                alternatives.Add($"parts : \"{SearchText.Reverse(stem)}\" *");
            }
        }

        return "(" + string.Join(" OR ", alternatives) + ")";
    }

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

    /// FTS5's own check, with the rows as the reference: true when both indexes hold exactly what the rows, analysed
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
