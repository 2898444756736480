using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Search;

/// The German corpus (Corpus/search-de.json): posts written through the forms, queries typed into the results page.
/// At least 95 % of the must-find pairs are found and none of the must-not-find; the recall is printed, next to what
/// SQLite's trigram tokenizer alone makes of the same corpus (the alternative the issue names): the measurement the
/// analyzer was chosen by, repeated on every run.
[Category(TestEngine.SqliteSearch)]
public sealed partial class GermanSearchCorpusTests : AppFixture
{
    private sealed record CorpusPost(string Key, string? Title, string Body);

    private sealed record CorpusQuery(string Q, string[] Find, string[]? Not);

    private sealed record SearchCorpus(CorpusPost[] Posts, CorpusQuery[] Queries);

    private static SearchCorpus Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "search-de.json");
        return JsonSerializer.Deserialize<SearchCorpus>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Test]
    public async Task German_queries_find_what_people_expect_and_nothing_they_do_not()
    {
        var corpus = Load();
        Assert.That(corpus.Queries, Has.Length.GreaterThanOrEqualTo(60));
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var ids = new Dictionary<string, long>();
        foreach (var post in corpus.Posts)
        {
            ids[post.Key] = post.Title is { } title ? await TestData.ArticleAsync(client, title, post.Body) : await TestData.MicroAsync(client, post.Body);
        }

        var keys = ids.ToDictionary(p => p.Value, p => p.Key);
        var (pairs, found) = (0, 0);
        var missed = new List<string>();
        var wrong = new List<string>();
        foreach (var query in corpus.Queries)
        {
            var page = await TestData.GetPageAsync(client, "/search?q=" + Uri.EscapeDataString(query.Q));
            var hits = page.QuerySelectorAll("[data-search-results] li[data-post-id]")
                .Select(li => keys.GetValueOrDefault(long.Parse(li.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture), "?"))
                .ToHashSet();
            foreach (var key in query.Find)
            {
                pairs++;
                if (hits.Contains(key))
                {
                    found++;
                }
                else
                {
                    missed.Add($"{query.Q} → {key}");
                }
            }

            wrong.AddRange((query.Not ?? []).Where(hits.Contains).Select(key => $"{query.Q} → {key}"));
        }

        var recall = 100.0 * found / pairs;
        TestContext.Out.WriteLine($"German search corpus: {corpus.Queries.Length} queries, {found} of {pairs} must-find pairs found ({recall:F1} %), {wrong.Count} must-not-find found");
        foreach (var miss in missed)
        {
            TestContext.Out.WriteLine("  missed: " + miss);
        }

        var trigram = await TrigramAsync(corpus);
        TestContext.Out.WriteLine($"The trigram tokenizer alone: {trigram.Found} of {pairs} must-find pairs found ({100.0 * trigram.Found / pairs:F1} %), {trigram.Wrong} must-not-find found");

        Assert.That(wrong, Is.Empty, "must not be found");
        Assert.That(recall, Is.GreaterThanOrEqualTo(95.0), "recall of the must-find pairs; missed: " + string.Join(", ", missed));
        Assert.That(found, Is.GreaterThanOrEqualTo(trigram.Found), "the analyzer finds at least what a trigram index would");
    }

    /// The corpus on an FTS5 table with the trigram tokenizer (case and accents ignored): each word or phrase is a
    /// substring, "OR" joins two, "-word" excludes; words under three letters match nothing there.
    private static async Task<(int Found, int Wrong)> TrigramAsync(SearchCorpus corpus)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE VIRTUAL TABLE t USING fts5 (key UNINDEXED, text, tokenize = 'trigram remove_diacritics 1')");
        foreach (var post in corpus.Posts)
        {
            await connection.ExecuteAsync("INSERT INTO t (key, text) VALUES (@Key, @Text)", new { post.Key, Text = $"{post.Title} {post.Body}" });
        }

        var (found, wrong) = (0, 0);
        foreach (var query in corpus.Queries)
        {
            var hits = TrigramMatch(query.Q) is { } match
                ? (await connection.QueryAsync<string>("SELECT key FROM t WHERE t MATCH @match", new { match })).ToHashSet()
                : [];
            found += query.Find.Count(hits.Contains);
            wrong += (query.Not ?? []).Count(hits.Contains);
        }

        return (found, wrong);
    }

    private static string? TrigramMatch(string q)
    {
        var positive = new List<string>();
        var negative = new List<string>();
        var or = false;
        foreach (Match token in Token().Matches(q))
        {
            var text = token.Value;
            if (text == "OR")
            {
                or = positive.Count > 0;
                continue;
            }

            var exclude = text.StartsWith('-');
            var quoted = "\"" + text.TrimStart('-').Trim('"').Replace("\"", "", StringComparison.Ordinal) + "\"";
            if (exclude)
            {
                negative.Add(quoted);
            }
            else if (or)
            {
                positive[^1] = $"({positive[^1]} OR {quoted})";
                or = false;
            }
            else
            {
                positive.Add(quoted);
            }
        }

        return positive.Count == 0 ? null : string.Join(" AND ", positive) + string.Concat(negative.Select(n => " NOT " + n));
    }

    [GeneratedRegex("-?\"[^\"]*\"|\\S+")]
    private static partial Regex Token();
}
