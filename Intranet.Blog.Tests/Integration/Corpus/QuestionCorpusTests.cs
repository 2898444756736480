using System.Globalization;
using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against a department's response target: the target and its time zone are refused at the field, shown as
/// text, and store nothing. Others' ids are QuestionTests' (accept rights, answers of other posts).
[Category("Corpus")]
public sealed class QuestionCorpusTests : AppFixture
{
    private static IEnumerable<TestCaseData> Targets() => DepartmentCorpusTests.Lines(["question.target"]);

    private static IEnumerable<TestCaseData> Zones() => DepartmentCorpusTests.Lines(["question.timezone"]);

    [Test]
    public void The_corpus_has_question_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["question.target", "question.timezone", "question.id"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(Targets))]
    public async Task A_hostile_target_is_refused_as_text_and_nothing_is_stored(string input)
    {
        var (department, admin) = await AdminAsync();

        var response = await SaveAsync(admin, department, new() { ["hours"] = SafeHtml.Expand(input) });

        await AssertRefusedAsync(response, department, "Antwortziel");
    }

    [TestCaseSource(nameof(Zones))]
    public async Task A_hostile_time_zone_is_refused_as_text_and_nothing_is_stored(string input)
    {
        var (department, admin) = await AdminAsync();

        var response = await SaveAsync(admin, department, new()
        {
            ["hours"] = "4", ["ownHours"] = "true", ["timeZone"] = SafeHtml.Expand(input), ["days"] = "1", ["start"] = "08:00", ["end"] = "18:00",
        });

        await AssertRefusedAsync(response, department, "Zeitzone");
    }

    private async Task<(long Department, HttpClient Admin)> AdminAsync()
    {
        var department = await TestData.DepartmentAsync(App);
        return (department, await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin)));
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, long department, Dictionary<string, string> fields)
    {
        var url = $"/departments/{department.ToString(CultureInfo.InvariantCulture)}/response-target";
        return TestData.PostFormAsync(client, url, url, fields);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, long department, string words)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain(words));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM response_targets WHERE department_id = @department", new { department }), Is.Zero);
    }
}
