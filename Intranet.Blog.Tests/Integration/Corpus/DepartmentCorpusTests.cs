using System.Net;
using System.Text.Json;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against a department's own fields: every Markdown input (post bodies and department descriptions) as a
/// description, and the appointment form's address. A refusal is 400 and changes nothing; an accepted description is
/// stored as typed and the department's page stays safe.
[Category("Corpus")]
public sealed class DepartmentCorpusTests : AppFixture
{
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task SignIn() => _admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

    public static IEnumerable<TestCaseData> Lines(string[] fields)
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
            if (fields.Contains(field))
            {
                yield return new TestCaseData(json.RootElement.GetProperty("input").GetString()!).SetArgDisplayNames($"line {number} {field}");
            }
        }
    }

    // Wire-level inputs (raw bytes, a JSON body, NUL, which the form reader refuses first) are the post corpus tests' own.
    private static IEnumerable<TestCaseData> Descriptions() => Lines(["post.body", "department.description"])
        .Where(c => c.Arguments[0] is string input && !input.StartsWith("GEN:rawbytes", StringComparison.Ordinal)
            && !input.StartsWith("GEN:json", StringComparison.Ordinal) && !input.Contains('\0', StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> People() => Lines(["influencer.person"]);

    [Test]
    public void The_corpus_has_department_lines() =>
        Assert.That(Lines(["department.description", "influencer.person"]).Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(Descriptions))]
    public async Task A_hostile_description_is_refused_or_kept_as_typed_and_shown_safely(string input)
    {
        var department = await TestData.DepartmentAsync(App);
        var text = SafeHtml.Expand(input);

        var response = await TestData.PostFormAsync(_admin, $"/departments/{Id(department)}", $"/departments/{Id(department)}/description", new() { ["description"] = text });

        var stored = await TestData.ScalarAsync<string>(App, "SELECT description_md FROM departments WHERE id = @department", new { department });
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.That(stored, Is.Empty, "nothing stored");
            SafeHtml.AssertSafe(await TestData.ParseAsync(response), "refusal");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(stored, Is.EqualTo(text.Trim()));
        SafeHtml.AssertSafe(await TestData.GetPageAsync(_admin, $"/departments/{Id(department)}"), "department page");
    }

    [TestCaseSource(nameof(People))]
    public async Task A_hostile_address_is_refused_and_shown_as_text(string input)
    {
        var department = await TestData.DepartmentAsync(App);

        var response = await TestData.PostFormAsync(_admin, $"/departments/{Id(department)}", $"/departments/{Id(department)}/influencers", new() { ["person"] = input });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain(input));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM department_influencers WHERE department_id = @department", new { department }), Is.Zero);
    }
}
