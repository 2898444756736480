using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Guidelines;

/// The corpus lines for guidelines.body: a line whose expectation starts with 400 is refused with its message and
/// publishes nothing; any other is stored as typed and rendered on /guidelines without a script, handler or
/// javascript: link.
public sealed partial class GuidelineCorpusTests : AppFixture
{
    public sealed record Line(int Number, string Input, string Expect);

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
            if (json.RootElement.GetProperty("field").GetString() == "guidelines.body")
            {
                yield return new TestCaseData(new Line(number, json.RootElement.GetProperty("input").GetString()!, json.RootElement.GetProperty("expect").GetString()!))
                    .SetArgDisplayNames($"line {number}");
            }
        }
    }

    [Test]
    public void The_corpus_has_guideline_lines() => Assert.That(Lines().Count(), Is.GreaterThanOrEqualTo(2));

    [TestCaseSource(nameof(Lines))]
    public async Task A_corpus_input_is_refused_with_its_message_or_published_and_shown_inert(Line line)
    {
        var input = Repeat().Match(line.Input) is { Success: true } m ? new string(m.Groups[1].Value[0], int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : line.Input;
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var before = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM guideline_versions");

        var response = await TestData.PostFormAsync(admin, "/admin/guidelines", "/admin/guidelines", new() { ["body"] = input });

        if (line.Expect.StartsWith("400", StringComparison.Ordinal))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain(Quoted().Match(line.Expect).Groups[1].Value));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM guideline_versions"), Is.EqualTo(before), "nothing published");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM guideline_versions ORDER BY id DESC LIMIT 1"), Is.EqualTo(input.Trim()));
        var main = (await TestData.GetPageAsync(admin, "/guidelines")).QuerySelector("main")!;
        Assert.That(main.QuerySelectorAll("script"), Is.Empty);
        Assert.That(main.QuerySelectorAll("*").SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal)), Is.Empty);
        Assert.That(main.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!), Has.None.StartWith("javascript:"));
        Assert.That(main.QuerySelector(".prose")!.TextContent, Does.Contain("alert(1)"), "the text is shown, not dropped");
    }

    [GeneratedRegex(@"^GEN:repeat\('(.)',(\d+)\)$")]
    private static partial Regex Repeat();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();
}
