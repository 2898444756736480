using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure.Search;

/// PostgreSQL's side of search (with migrations/postgres/0051_search.sql): one table, search_docs, with a tsvector
/// per document holding exactly what FTS5 holds on SQLite, the app's analysis of the row (SearchText), so the German
/// corpus gives the same recall on both engines. The vector's weights stand for FTS5's columns: A the title (or a
/// name), B the body (or what else is known about a name), C the parts that find compounds. A GIN index answers the
/// matches; tsquery's phrase (<->), prefix (:*) and weight restrictions (:AB, :C) say what FTS5's query syntax says.
///
/// PostgreSQL cannot call the analyzer from a trigger, so the triggers only queue the changed documents
/// (search_pending), and every write transaction analyses and writes its queue just before it commits
/// (PostgresDatabase.CommitAsync): a post is findable the moment it is saved and the index commits and rolls back
/// with its rows, as on SQLite.
public sealed class PostgresSearch : SearchIndex
{
    // ts_rank's weights, in the order D, C, B, A and at most 1: title 4 : body 1 : parts 0.5, scaled (ts_rank measures no
    // length, so the title needs none of the weight FTS5's bm25 gives it, Fts5.Score). Negated, as lower is better.
    private static string Rank(string hit) => $"-ts_rank('{{0, 0.125, 0.25, 1}}', {hit}.words, CAST(@match AS tsquery))";

    public override string Score => Rank("h");

    public override string Hits => "search_docs h";

    public override string PostHitsWhere => "h.words @@ CAST(@match AS tsquery) AND (h.doc & 7) = 1";

    public override string CommentHitsWhere => "h.words @@ CAST(@match AS tsquery) AND (h.doc & 7) = 2";

    public override string HitDoc => "h.doc";

    public override string HitId => "(h.doc >> 3)";

    public override string NewestFirst => "h.doc DESC";

    public override string PostsOfHits => "posts p";

    public override string CommentsOfHits => "comments c";

    public override string NameHitsSql => $"""
        SELECT n.doc, n.doc >> 3 AS id, {Rank("n")} AS score
          FROM search_docs n
         WHERE n.words @@ CAST(@match AS tsquery) AND (n.doc & 7) = @kind
        """;

    /// Quoted, as every term is letters and digits (and SearchText.Head) only: tsquery reads no operator in it.
    protected override string Phrase(Column column, bool names, IReadOnlyList<string> terms, bool prefix)
    {
        var weights = column switch { Column.Parts => "C", Column.Title => "A", _ => "AB" };
        var lexemes = terms.Select((term, i) => $"{Lexeme(term)}:{(prefix && i == terms.Count - 1 ? "*" : "")}{weights}");
        return terms.Count == 1 ? lexemes.Single() : "(" + string.Join(" <-> ", lexemes) + ")";
    }

    protected override string AnyOf(IEnumerable<string> alternatives) => "(" + string.Join(" | ", alternatives) + ")";

    protected override string AllOf(IEnumerable<string> matches) => string.Join(" & ", matches);

    protected override string Without(string match, string excluded) => match + " & !" + excluded;

    private static string Lexeme(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    // A tsvector holds positions up to 16,383 and 256 of them per lexeme; past those, a word is still found.
    private const int MaxPosition = 16_383;
    private const int MaxPositions = 256;

    /// The tsvector of a document in PostgreSQL's text form: the terms of each column at rising positions, a
    /// position left free between columns so that no phrase runs from a title into its body.
    internal static string Vector(params (string Terms, char Weight)[] columns)
    {
        var positions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var (terms, weight) in columns)
        {
            foreach (var term in terms.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                position = Math.Min(position + 1, MaxPosition);
                if (!positions.TryGetValue(term, out var list))
                {
                    positions[term] = list = [];
                }

                if (list.Count < MaxPositions)
                {
                    list.Add(position.ToString(CultureInfo.InvariantCulture) + weight);
                }
            }

            position = Math.Min(position + 1, MaxPosition);
        }

        var vector = new StringBuilder();
        foreach (var (term, list) in positions)
        {
            vector.Append(vector.Length > 0 ? " " : "").Append(Lexeme(term)).Append(':').AppendJoin(',', list);
        }

        return vector.ToString();
    }

    private const string TakePendingSql = "DELETE FROM search_pending RETURNING doc";

    private const string PostsSql = "SELECT id, title, body_html FROM posts WHERE id = ANY(@ids)";

    private const string CommentsSql = "SELECT id, body_html FROM comments WHERE id = ANY(@ids)";

    private const string PeopleSql = """
        SELECT u.id, u.display_name, u.title, d.name, u.bio, u.handle, u.email
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.id = ANY(@ids)
        """;

    private const string TopicsSql = "SELECT id, name FROM tags WHERE id = ANY(@ids)";

    private const string DepartmentsSql = "SELECT id, name FROM departments WHERE id = ANY(@ids)";

    private const string WriteSql = """
        INSERT INTO search_docs (doc, words)
        SELECT d.doc, CAST(d.words AS tsvector) FROM unnest(CAST(@docs AS bigint[]), CAST(@words AS text[])) AS d (doc, words)
            ON CONFLICT (doc) DO UPDATE SET words = excluded.words
        """;

    private const string ForgetSql = "DELETE FROM search_docs WHERE doc = ANY(@docs)";

    // A rebuild takes this many documents per round trip.
    private const int Batch = 2_000;

    /// Analyses the documents the transaction queued and writes them to the index, inside it: called by every write
    /// transaction just before it commits. A document whose row is gone is forgotten. Returns how many it wrote.
    public static async Task<int> SyncAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Action<int>? progress, CancellationToken ct)
    {
        var pending = new List<long>();
        await using (var take = new NpgsqlCommand(TakePendingSql, connection, transaction))
        await using (var reader = await take.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                pending.Add(reader.GetInt64(0));
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        pending.Sort();
        for (var start = 0; start < pending.Count; start += Batch)
        {
            var docs = pending.GetRange(start, Math.Min(Batch, pending.Count - start));
            var vectors = new Dictionary<long, string>();
            foreach (var kind in docs.Select(d => (int)(d & 7)).Distinct())
            {
                var ids = docs.Where(d => (d & 7) == kind).Select(d => d >> 3).ToArray();
                await ReadAsync(connection, transaction, kind, ids, vectors, ct);
            }

            await using (var write = new NpgsqlCommand(WriteSql, connection, transaction))
            {
                write.Parameters.Add(new NpgsqlParameter<long[]>("docs", vectors.Keys.ToArray()));
                write.Parameters.Add(new NpgsqlParameter<string[]>("words", vectors.Values.ToArray()));
                await write.ExecuteNonQueryAsync(ct);
            }

            await using (var forget = new NpgsqlCommand(ForgetSql, connection, transaction))
            {
                forget.Parameters.Add(new NpgsqlParameter<long[]>("docs", docs.Where(d => !vectors.ContainsKey(d)).ToArray()));
                await forget.ExecuteNonQueryAsync(ct);
            }

            progress?.Invoke(start + docs.Count);
        }

        return pending.Count;
    }

    /// The same analysis as the SQLite index's views (migrations/sqlite/0020_search_index.sql).
    private static async Task ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int kind, long[] ids, Dictionary<long, string> vectors, CancellationToken ct)
    {
        var sql = kind switch
        {
            Doc.Post => PostsSql,
            Doc.Comment => CommentsSql,
            Doc.Person => PeopleSql,
            Doc.Topic => TopicsSql,
            Doc.Department => DepartmentsSql,
            _ => throw new InvalidOperationException($"No document kind {kind}."),
        };
        await using var read = new NpgsqlCommand(sql, connection, transaction);
        read.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var doc = reader.GetInt64(0) * 8 + kind;
            vectors[doc] = kind switch
            {
                Doc.Post => Post(Text(1), SearchText.HtmlText(Text(2))),
                Doc.Comment => Post(null, SearchText.HtmlText(Text(1))),
                Doc.Person => Person(Text(1)!, Text(2) ?? "", Text(3), Text(4) ?? "", Text(5), Text(6) ?? ""),
                _ => Vector((SearchText.Terms(Text(1)), 'A'), (SearchText.Parts(Text(1)), 'C')),
            };
        }
    }

    private static string Post(string? title, string body) =>
        Vector((SearchText.Terms(title), 'A'), (SearchText.Terms(body), 'B'), (SearchText.Parts((title ?? "") + " " + body), 'C'));

    // A person is found by name, title, department, bio, handle and e-mail address (all shown on their profile).
    private static string Person(string name, string title, string? department, string bio, string? handle, string email) =>
        Vector((SearchText.Terms(name), 'A'), (SearchText.Terms($"{title} {department} {bio} {handle} {email}"), 'B'),
            (SearchText.Parts($"{name} {title} {department} {bio}"), 'C'));

    private const string AnalyzerSql = "SELECT analyzer FROM search_state";

    private const string QueueEverythingSql = """
        DELETE FROM search_docs;
        DELETE FROM search_pending;
        INSERT INTO search_pending (doc)
        SELECT id * 8 + 3 FROM users
         UNION ALL SELECT id * 8 + 4 FROM tags
         UNION ALL SELECT id * 8 + 5 FROM departments
         UNION ALL SELECT id * 8 + 1 FROM posts
         UNION ALL SELECT id * 8 + 2 FROM comments;
        """;

    private const string SetAnalyzerSql = "UPDATE search_state SET analyzer = @version";

    public static async Task<int> AnalyzerAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AnalyzerSql, connection, transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// Queues every document for the transaction's commit to analyse again (SyncAsync), and records the analyzer.
    public static async Task QueueEverythingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using (var queue = new NpgsqlCommand(QueueEverythingSql, connection, transaction))
        {
            await queue.ExecuteNonQueryAsync(ct);
        }

        await using var set = new NpgsqlCommand(SetAnalyzerSql, connection, transaction);
        set.Parameters.Add(new NpgsqlParameter<int>("version", SearchText.Version));
        await set.ExecuteNonQueryAsync(ct);
    }
}

/// The start's step for PostgreSQL's index: after the migrations created it, and after every change of SearchText
/// (its Version), every row is analysed again. Under the write lock, which every node's writers take, so of several
/// nodes starting together one analyses and the others find it done. It also analyses what a migration script queued.
public sealed class PostgresSearchBuild(PostgresDatabase db, ILogger<PostgresSearchBuild> logger) : IDataMigration
{
    public async Task RunAsync(CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var transaction = (NpgsqlTransaction)scope.Transaction;
        var connection = transaction.Connection!;
        if (await PostgresSearch.AnalyzerAsync(connection, transaction, ct) != SearchText.Version)
        {
            logger.LogInformation("Building the search index (analyzer version {Version}) …", SearchText.Version);
            await PostgresSearch.QueueEverythingAsync(connection, transaction, ct);
        }

        var elapsed = Stopwatch.StartNew();
        var logged = -1L;
        var done = await PostgresSearch.SyncAsync(connection, transaction, documents =>
        {
            if (elapsed.ElapsedMilliseconds / 10_000 > logged)
            {
                logger.LogInformation("Search index: {Documents} documents ({Seconds:F0} s)", documents, elapsed.Elapsed.TotalSeconds);
                logged = elapsed.ElapsedMilliseconds / 10_000;
            }
        }, ct);
        await scope.CommitAsync(ct);
        if (done > 0)
        {
            await db.RefreshStatisticsAsync(ct);
            logger.LogInformation("Search index: {Documents} documents analysed in {Seconds:F1} s", done, elapsed.Elapsed.TotalSeconds);
        }
    }
}
