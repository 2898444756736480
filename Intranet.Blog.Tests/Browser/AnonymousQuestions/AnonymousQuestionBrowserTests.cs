using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.AnonymousQuestions;

/// A staff member asks on a phone without script; the admin's open queue shows the question without a reload; the
/// release arrives in the staff member's feed live as "Anonyme Frage".
public sealed class AnonymousQuestionBrowserTests : BrowserTest
{
    [Test]
    public async Task A_question_asked_on_a_phone_reaches_the_open_queue_live_and_its_release_the_feed()
    {
        var admin = await NewSignedInPageAsync("admin@demo.example", at: "/admin/questions");
        await ExpectLiveAsync(admin);
        await admin.EvaluateAsync("window.__sameDocument = true");
        var phone = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false);
        var reader = await NewSignedInPageAsync("staff@demo.example");
        await ExpectLiveAsync(reader);
        var question = TestData.Unique("Warum gibt es keine Jobräder?");

        await Expect(phone.Locator(".user-menu a[href='/ask']")).ToHaveTextAsync("Anonym an die Geschäftsführung fragen");
        await phone.GotoAsync("/ask");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Anonym an die Geschäftsführung fragen" })).ToBeVisibleAsync();
        await phone.GetByLabel("Deine Frage").FillAsync(question);
        await ScreenshotAsync(phone, "ask-phone");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Anonym senden" }).ClickAsync();
        await Expect(phone.GetByText("Wartet auf die Moderation")).ToBeVisibleAsync();
        Assert.That(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(phone, "ask-status-phone");

        var item = admin.Locator(".queue-item").Filter(new() { HasText = question });
        await Expect(item).ToBeVisibleAsync();
        Assert.That(await admin.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the queue reloaded");
        await item.GetByRole(AriaRole.Button, new() { Name = "Als „Anonyme Frage“ freigeben" }).ClickAsync();
        await Expect(admin.Locator("h1.post-title")).ToHaveTextAsync("Anonyme Frage");

        await Expect(Feeds.Card(reader, question)).ToContainTextAsync("Anonyme Frage");
        await phone.ReloadAsync();
        await Expect(phone.GetByRole(AriaRole.Link, new() { Name = "Frage und Antworten öffnen" })).ToBeVisibleAsync();
    }
}
