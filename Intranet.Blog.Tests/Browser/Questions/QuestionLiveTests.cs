using System.Globalization;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Questions;

/// Issue 21's walk-through: a staff member asks a question in a department, the department's influencer with its page
/// open sees it arrive and answers, the asker accepts, and a third reader's feed shows "beantwortet", then "gelöst",
/// without reloading.
public sealed class QuestionLiveTests : BrowserTest
{
    private const string NoReloadMarker = "window.__sameDocument = true";
    private const string StillSameDocument = "() => window.__sameDocument === true";

    [Test]
    public async Task A_question_arrives_live_is_answered_and_accepted_and_a_third_readers_card_follows_without_a_reload()
    {
        var question = TestData.Unique("Wo beantrage ich Bildungsurlaub");
        var answer = TestData.Unique("Im Portal unter Weiterbildung");

        var influencer = await NewSignedInPageAsync("influencer@demo.example", at: "/departments");
        await influencer.GetByRole(AriaRole.Link, new() { Name = "Personal", Exact = true }).ClickAsync();
        await ExpectLiveAsync(influencer);
        await influencer.EvaluateAsync(NoReloadMarker);
        var department = influencer.Url;

        var reader = await NewSignedInPageAsync("ceo@demo.example", width: Phone);
        await ExpectLiveAsync(reader);
        await reader.EvaluateAsync(NoReloadMarker);

        var staff = await NewSignedInPageAsync("staff@demo.example", at: department);
        await staff.Locator("form.composer textarea").FillAsync(question + "?");
        await staff.GetByLabel("Als Frage stellen").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();

        var arrived = Feeds.Card(influencer, question);
        await Expect(arrived).ToBeVisibleAsync();
        await Expect(arrived.Locator(".question-line")).ToContainTextAsync("offen");
        var id = long.Parse((await arrived.GetAttributeAsync("data-post-id"))!, CultureInfo.InvariantCulture);
        var readersCard = reader.Locator($"#post-{id.ToString(CultureInfo.InvariantCulture)}");
        await Expect(readersCard.Locator(".question-line")).ToContainTextAsync("Frage");
        Assert.That(await influencer.EvaluateAsync<bool>(StillSameDocument), Is.True, "the department page reloaded");

        await influencer.GotoAsync($"/posts/{id}");
        await influencer.GetByLabel("Dein Kommentar").FillAsync(answer);
        await influencer.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await Expect(influencer.Locator("[data-thread]").GetByText(answer)).ToBeVisibleAsync();

        await Expect(readersCard.Locator(".question-line")).ToContainTextAsync("beantwortet");

        await staff.GotoAsync($"/posts/{id}");
        var accept = staff.GetByRole(AriaRole.Button, new() { Name = "Diese Antwort akzeptieren" });
        await accept.FocusAsync();
        await staff.Keyboard.PressAsync("Enter");
        await Expect(staff.Locator("[data-thread] .accepted-mark")).ToBeVisibleAsync();

        await Expect(readersCard.Locator(".question-line")).ToContainTextAsync("gelöst");
        await Expect(readersCard.Locator(".accepted-answer")).ToContainTextAsync(answer);
        await Expect(readersCard.Locator(".accepted-answer")).ToContainTextAsync("Jana Hoffmann");
        Assert.That(await reader.EvaluateAsync<bool>(StillSameDocument), Is.True, "the reader's feed reloaded");
        await ScreenshotAsync(reader, "question-solved-375");
        await ScreenshotAsync(staff, "question-page-1280", fullPage: true);
    }

    [Test]
    public async Task Without_javascript_a_question_is_asked_answered_marked_helpful_and_accepted_with_forms_on_a_phone()
    {
        var question = TestData.Unique("Ohne Skript gefragt");
        var staff = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false);
        await staff.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" }).FillAsync(question);
        await staff.GetByLabel("Als Frage stellen").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();
        await staff.GotoAsync("/?questions=true");
        var card = Feeds.Card(staff, question);
        await Expect(card.Locator(".question-line")).ToContainTextAsync("offen");
        var id = await card.GetAttributeAsync("data-post-id");

        var colleague = await NewSignedInPageAsync("influencer@demo.example", width: Phone, javaScript: false, at: $"/posts/{id}");
        await colleague.GetByLabel("Dein Kommentar").FillAsync("So geht es.");
        await colleague.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();

        await staff.GotoAsync($"/posts/{id}");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Hilfreich" }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Button, new() { Name = "Hilfreich" })).ToHaveAttributeAsync("aria-pressed", "true");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Diese Antwort akzeptieren" }).ClickAsync();
        await Expect(staff.Locator(".post-page .question-line")).ToContainTextAsync("gelöst");
        var width = await staff.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.That(width, Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(staff, "question-nojs-375", fullPage: true);
    }
}
