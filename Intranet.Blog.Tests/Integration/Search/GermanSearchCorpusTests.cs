using System.Globalization;
using System.Text.Json;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Search;

/// The German corpus (Corpus/search-de.json): posts written through the forms, queries typed into the results page.
/// At least 95 % of the must-find pairs are found and none of the must-not-find; the recall is printed.
public sealed class GermanSearchCorpusTests : AppFixture
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

        Assert.That(wrong, Is.Empty, "must not be found");
        Assert.That(recall, Is.GreaterThanOrEqualTo(95.0), "recall of the must-find pairs; missed: " + string.Join(", ", missed));
    }
}
