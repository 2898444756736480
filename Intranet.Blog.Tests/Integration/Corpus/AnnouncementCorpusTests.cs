using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against announcements: the due and end dates are refused with a message shown as text and store nothing;
/// a must-read hidden by moderation can be neither acknowledged nor reminded about.
[Category("Corpus")]
public sealed class AnnouncementCorpusTests : AppFixture
{
    private static IEnumerable<TestCaseData> Dates() => DepartmentCorpusTests.Lines(["announcement.due", "announcement.ends"]);

    [Test]
    public void The_corpus_has_announcement_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["announcement.due", "announcement.ends", "announcement.id"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(Dates))]
    public async Task A_hostile_date_is_refused_as_text_and_nothing_is_stored(string input)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));
        var title = TestData.Unique("Korpus");
        var fields = new Dictionary<string, string>
        {
            ["kind"] = "article", ["title"] = title, ["body"] = "Text", ["announcement.announce"] = "true", ["announcement.audience"] = "company",
            ["announcement.mustRead"] = "true", ["announcement.due"] = Memos.InDays(TimeProvider.System, 3),
        };
        // The line's own field gets the hostile text; the other keeps a valid value, so the refusal is the line's.
        fields[input.Length > 0 && DepartmentCorpusTests.Lines(["announcement.ends"]).Any(l => (string)l.Arguments[0]! == input) ? "announcement.ends" : "announcement.due"] = SafeHtml.Expand(input);

        var response = await TestData.PostFormAsync(client, "/posts/new", "/posts", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("kein Datum"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE title = @title", new { title }), Is.Zero);
    }

    [Test]
    public async Task A_must_read_hidden_by_moderation_can_be_neither_acknowledged_nor_reminded_about()
    {
        var executive = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var department = await TestData.DepartmentAsync(App);
        var reader = await TestData.PersonAsync(App, Roles.Staff, department);
        var readerClient = await TestData.SignedInClientAsync(App, reader);
        var id = await Memos.PublishedAsync(executive, TestData.Unique("Versteckt"), mustRead: true, Memos.InDays(TimeProvider.System, 0), department);
        Assert.That((await TestData.PostFormAsync(admin, "/", $"/posts/{id}/hide", new() { ["reason"] = "Korpus" })).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That((await TestData.PostFormAsync(readerClient, "/", $"/posts/{id}/acknowledge", [])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await readerClient.GetAsync($"/posts/{id}/progress")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        foreach (var action in new[] { "acknowledgements.csv", "remind" })
        {
            Assert.That((await TestData.PostFormAsync(readerClient, "/", $"/posts/{id}/{action}", [])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), action);
        }

        Assert.That((await TestData.PostFormAsync(executive, "/", $"/posts/{id}/remind", [])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "its author neither");
        await Memos.RemindDueAsync(App);

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM acknowledgements WHERE post_id = @id", new { id }), Is.Zero);
        Assert.That(await Memos.NotificationsAsync(App, id, "reminder"), Is.Zero, "the due date's reminder neither");
    }
}
