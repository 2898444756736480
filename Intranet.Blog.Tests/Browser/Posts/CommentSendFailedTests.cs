using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Posts;

/// One submission, one comment: the comment form's own path through a server error (the composer's is in ComposerTests).
public sealed class CommentSendFailedTests : BrowserTest
{
    private const string ReadOnly =
        "Schreiben ist gerade nicht möglich: der Server hat keinen Speicherplatz. Deine Eingaben bleiben im Formular.";

    [Test]
    public async Task A_comment_answered_with_503_after_the_server_wrote_it_keeps_its_text_says_why_and_is_never_sent_again()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        var staff = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(ceo, TestData.Unique("Wer kommt zum Sommerfest?"));
        await staff.GotoAsync($"/posts/{id}");
        ExpectBrowserProblem("503");
        // The comment reaches the server and is written; the answer comes back as a 503 (a proxy, read-only mode
        // after the commit). Sending the form again as a plain post, as the script once did, wrote it twice.
        var sent = 0;
        await staff.RouteAsync($"**/posts/{id}/comments", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            Interlocked.Increment(ref sent);
            await route.FetchAsync();
            await route.FulfillAsync(new()
            {
                Status = 503,
                ContentType = "application/problem+json",
                Body = System.Text.Json.JsonSerializer.Serialize(new { status = 503, title = "Schreiben ist gerade nicht möglich", detail = ReadOnly }),
            });
        });
        var text = TestData.Unique("Ich komme, mit Kuchen");
        var box = staff.GetByLabel("Dein Kommentar");

        await box.FillAsync(text);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();

        var form = staff.Locator("#comment[data-comment-form]");
        await Expect(form.Locator("[role=alert]")).ToHaveTextAsync(ReadOnly);
        await Expect(box).ToHaveValueAsync(text);
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true })).ToBeEnabledAsync();
        await ScreenshotAsync(staff, "comment-send-failed");
        await staff.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        Assert.That(sent, Is.EqualTo(1), "sent once");
        Assert.That(await CommentsWithBodyAsync(text), Is.EqualTo(1), "written once");
    }

    private Task<long> CommentsWithBodyAsync(string body) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM comments WHERE body_md = @body", new { body });
}
