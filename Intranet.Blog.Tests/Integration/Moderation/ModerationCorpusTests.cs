using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Moderation;

/// The corpus lines for the moderation fields (report.note, moderation.reason, moderation.answer): a line whose
/// expectation starts with 400 is refused with its message and stores nothing; any other is stored as typed and
/// shown on the admins' queue and the author's post page without an element, handler or script from the input.
public sealed partial class ModerationCorpusTests : AppFixture
{
    private static readonly string[] Fields = ["report.note", "moderation.reason", "moderation.answer"];

    private const string None = "(nothing stored)";

    public sealed record Line(int Number, string Field, string Input, string Expect);

    public static IEnumerable<TestCaseData> Lines()
    {
        var number = 0;
        foreach (var text in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Corpus", "bad-inputs.jsonl")))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var json = JsonDocument.Parse(text);
            var field = json.RootElement.GetProperty("field").GetString()!;
            if (Fields.Contains(field))
            {
                yield return new TestCaseData(new Line(number, field, json.RootElement.GetProperty("input").GetString()!, json.RootElement.GetProperty("expect").GetString()!))
                    .SetArgDisplayNames($"line {number} {field}");
            }
        }
    }

    [Test]
    public void Every_moderation_field_has_corpus_lines() =>
        Assert.That(Lines().Select(c => ((Line)c.Arguments[0]!).Field).Distinct(), Is.EquivalentTo(Fields));

    [TestCaseSource(nameof(Lines))]
    public async Task A_corpus_input_is_refused_with_its_message_or_kept_and_shown_inert(Line line)
    {
        var input = Generate(line.Input);
        var (author, authorClient) = await PersonAsync();
        var (reporter, reporterClient) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var postId = await TestData.MicroAsync(authorClient, "Korpus " + line.Number);
        var id = postId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        HttpResponseMessage response;
        string table;
        if (line.Field == "report.note")
        {
            response = await TestData.PostFormAsync(reporterClient, "/", $"/posts/{id}/report", new() { ["reason"] = "other", ["note"] = input });
            table = "SELECT note FROM reports WHERE post_id = @postId";
        }
        else if (line.Field == "moderation.reason")
        {
            response = await TestData.PostFormAsync(admin, "/", $"/posts/{id}/hide", new() { ["reason"] = input });
            table = "SELECT reason FROM moderations WHERE post_id = @postId";
        }
        else
        {
            await TestData.PostFormAsync(admin, "/", $"/posts/{id}/hide", new() { ["reason"] = "Korpus" });
            var moderation = await TestData.ScalarAsync<long>(App, "SELECT id FROM moderations WHERE post_id = @postId", new { postId });
            response = await TestData.PostFormAsync(authorClient, "/", $"/moderation/{moderation}/answer", new() { ["answer"] = input });
            table = "SELECT answer FROM moderations WHERE post_id = @postId";
        }

        // Nothing stored reads as None: no row, or no answer in the row.
        var stored = await TestData.ScalarAsync<string>(App, $"SELECT COALESCE(({table}), '{None}')", new { postId });
        if (line.Expect.StartsWith("400", StringComparison.Ordinal))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain(Quoted().Match(line.Expect).Groups[1].Value));
            Assert.That(stored, Is.EqualTo(None), "nothing stored");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(stored, Is.EqualTo(input.Trim()));
        // A report's note is for admins only; the reason and the answer are also on the author's post page.
        var pages = line.Field == "report.note" ? new[] { (admin, "/admin/moderation") } : [(admin, "/admin/moderation"), (authorClient, $"/posts/{id}")];
        foreach (var (client, url) in pages)
        {
            var page = await TestData.GetPageAsync(client, url);
            var main = page.QuerySelector("main")!;
            Assert.That(main.TextContent, Does.Contain(input.Trim()), $"{url} shows the text as typed");
            Assert.That(main.QuerySelectorAll("img, svg, script").Where(e => e.OuterHtml.Contains("alert", StringComparison.Ordinal)), Is.Empty, url);
            Assert.That(main.QuerySelectorAll("*").SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal)), Is.Empty, url);
        }

        Assert.That(reporter.Id, Is.Not.EqualTo(author.Id));
    }

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(string role = Roles.Staff)
    {
        var person = await TestData.PersonAsync(App, role);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    /// GEN:repeat('x',n) as the corpus writes it; anything else is the input itself.
    private static string Generate(string input) =>
        Repeat().Match(input) is { Success: true } m ? new string(m.Groups[1].Value[0], int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : input;

    [GeneratedRegex(@"^GEN:repeat\('(.)',(\d+)\)$")]
    private static partial Regex Repeat();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
