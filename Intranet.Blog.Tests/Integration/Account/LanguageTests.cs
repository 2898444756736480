using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Account;

public sealed class LanguageTests : AppFixture
{
    /// A person's own feed: the top bar's sign-out button and a card byline with its level.
    private static async Task<(string SignOut, string Level)> UiTextAsync(HttpClient client, long authorId)
    {
        IHtmlDocument page = await TestData.GetPageAsync(client, $"/?author={authorId}");
        return (page.QuerySelector("button[formaction='/account/signout']")!.TextContent.Trim(),
            page.QuerySelector("article[data-post-id] .level")!.TextContent.Trim());
    }

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient client, string locale) =>
        TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = locale, ["returnUrl"] = "/departments" });

    [Test]
    public async Task A_person_with_locale_de_sees_german_ui_text()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);
        await TestData.MicroAsync(client, "Hallo");

        var (signOut, level) = await UiTextAsync(client, person.Id);

        Assert.That(signOut, Is.EqualTo("Abmelden"));
        Assert.That(level, Is.EqualTo("Ebene 1"));
    }

    [TestCase("en-GB,en;q=0.9", "en", "Sign in")]
    [TestCase("de-AT,de;q=0.9,en;q=0.5", "de", "Anmelden")]
    [TestCase("fr-FR,fr;q=0.9", "de", "Anmelden")]
    [TestCase(null, "de", "Anmelden")]
    public async Task Before_anyone_chose_the_sign_in_page_speaks_the_browsers_language_or_the_organisations(string? accept, string lang, string heading)
    {
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/signin");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", accept);
        }

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo(lang));
        Assert.That(page.QuerySelector("h1")!.TextContent.Trim(), Is.EqualTo(heading));
    }

    [Test]
    public async Task Choosing_english_switches_the_ui_and_returns_to_the_page()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);
        await TestData.MicroAsync(client, "Hello");

        var response = await ChooseAsync(client, "en");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/departments"));
        var (signOut, level) = await UiTextAsync(client, person.Id);
        Assert.That(signOut, Is.EqualTo("Sign out"));
        Assert.That(level, Is.EqualTo("Level 1"));
        var feed = await TestData.GetPageAsync(client, "/");
        Assert.That(feed.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));
        // British, as the texts are: "Monday, 7 December 2026 14:30", not "Monday, December 7, 2026 2:30 PM".
        Assert.That(feed.QuerySelector("article[data-post-id] time[title]")!.GetAttribute("title"), Does.Match(@"^\w+day, \d{1,2} \w+ \d{4} \d{2}:\d{2}$"));
    }

    [Test]
    public async Task The_menus_language_and_sign_out_buttons_work_without_script_through_the_pages_one_form()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);
        var page = await TestData.GetPageAsync(client, "/departments?x=1");
        Assert.That(page.QuerySelectorAll(".user-menu input[name=__RequestVerificationToken]"), Is.Empty, "no token of their own");

        var english = await TestData.PressAsync(client, page.QuerySelector(".user-menu button[name=locale][value=en]")!);
        var signOut = await TestData.PressAsync(client, (await TestData.GetPageAsync(client, "/")).QuerySelector("button[formaction='/account/signout']")!);

        Assert.That(english.Headers.Location?.OriginalString, Does.StartWith("/departments?x=1"), "back to the page, query and all");
        Assert.That((signOut.StatusCode, signOut.Headers.Location?.OriginalString), Is.EqualTo((HttpStatusCode.Redirect, "/account/signin")));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out");
    }

    [Test]
    public async Task The_chosen_language_persists_across_a_new_sign_in()
    {
        var person = await TestData.PersonAsync(App);
        using (var first = await TestData.SignedInClientAsync(App, person))
        {
            await TestData.MicroAsync(first, "Hello");
            await ChooseAsync(first, "en");
        }

        using var second = await TestData.SignedInClientAsync(App, person);

        Assert.That(await UiTextAsync(second, person.Id), Is.EqualTo(("Sign out", "Level 1")));
    }

    [Test]
    public async Task A_polls_percentages_are_written_as_english_writes_them_and_as_german_does()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);
        var postId = await PollForms.CreateAsync(client, ["Ja", "Nein"]);
        await PollForms.VoteAsync(client, postId, (await PollForms.OptionsAsync(client, postId))[0]);

        var german = await PollForms.ShownCountsAsync(client, postId);
        await ChooseAsync(client, "en");
        var english = await PollForms.ShownCountsAsync(client, postId);

        Assert.That(german, Is.EqualTo(new[] { "1 Stimme · 100 %", "0 Stimmen · 0 %" }));
        Assert.That(english, Is.EqualTo(new[] { "1 vote · 100%", "0 votes · 0%" }));
    }

    [Test]
    public async Task Choosing_german_again_switches_back()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);
        await TestData.MicroAsync(client, "Hallo");
        await ChooseAsync(client, "en");

        await ChooseAsync(client, "de");

        Assert.That(await UiTextAsync(client, person.Id), Is.EqualTo(("Abmelden", "Ebene 1")));
    }

    [Test]
    public async Task An_unsupported_language_is_refused_and_nothing_changes()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);

        var response = await ChooseAsync(client, "fr");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT locale FROM users WHERE id = @id", new { id = person.Id }), Is.EqualTo("de"));
    }

    [Test]
    public async Task The_sign_in_page_follows_the_culture_query()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var german = await TestData.GetPageAsync(client, "/account/signin");
        var english = await TestData.GetPageAsync(client, "/account/signin?culture=en");

        Assert.That(german.QuerySelector("h1")!.TextContent, Is.EqualTo("Anmelden"));
        Assert.That(english.QuerySelector("h1")!.TextContent, Is.EqualTo("Sign in"));
    }

    [Test]
    public async Task The_language_chosen_on_the_sign_in_page_holds_for_a_failed_attempt_until_the_persons_own_choice()
    {
        var person = await TestData.PersonAsync(App);
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        await TestData.GetPageAsync(client, "/account/signin?culture=en");
        var failed = await TestData.SignInAsync(client, person.Email, "not the password");
        var page = await TestData.ParseAsync(failed);

        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Sign in"), "the answer to the form, which has no ?culture=");
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));

        // Signed in, the person's own language (German, as new people start) wins over the page's choice.
        var signedIn = await TestData.SignInAsync(client, person.Email, person.Password);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await TestData.GetPageAsync(client, "/")).DocumentElement.GetAttribute("lang"), Is.EqualTo("de"));
    }
}
