using System.Net;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Account;

public sealed class SignInTests : AppFixture
{
    private HttpClient Anonymous() => App.CreateClient(new() { AllowAutoRedirect = false });

    [Test]
    public async Task The_right_password_redirects_and_sets_the_auth_cookie()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();

        var response = await TestData.SignInAsync(client, person.Email, person.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
        Assert.That(response.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith("intranet.auth="));
    }

    [Test]
    public async Task The_e_mail_address_is_matched_without_regard_to_case_or_surrounding_spaces()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();

        var response = await TestData.SignInAsync(client, "  " + person.Email.ToUpperInvariant() + " ", person.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_status_and_message()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();

        var wrongPassword = await TestData.SignInAsync(client, person.Email, "not the password");
        var unknownAddress = await TestData.SignInAsync(client, $"{Guid.NewGuid():N}@test.example", "not the password");

        Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknownAddress.StatusCode, Is.EqualTo(wrongPassword.StatusCode));
        var message = TestData.ErrorText(await TestData.ParseAsync(wrongPassword));
        Assert.That(message, Is.EqualTo("E-Mail-Adresse oder Passwort ist falsch."));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(unknownAddress)), Is.EqualTo(message));
    }

    [Test]
    public async Task The_fifth_failure_locks_the_account()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();
        for (var i = 0; i < 4; i++)
        {
            Assert.That((await TestData.SignInAsync(client, person.Email, "wrong")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        var fifth = await TestData.SignInAsync(client, person.Email, "wrong");

        Assert.That(fifth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(fifth)), Does.Contain("Konto ist für 15 Minuten gesperrt"));
    }

    [Test]
    public async Task A_locked_account_refuses_even_the_right_password()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await TestData.SignInAsync(client, person.Email, "wrong");
        }

        var response = await TestData.SignInAsync(client, person.Email, person.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Konto ist für 15 Minuten gesperrt"));
        Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("intranet.auth=", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();
        for (var i = 0; i < 4; i++)
        {
            await TestData.SignInAsync(client, person.Email, "wrong");
        }

        await TestData.SignInAsync(Anonymous(), person.Email, person.Password);
        var next = await TestData.SignInAsync(client, person.Email, "wrong");

        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_deactivated_person_cannot_sign_in()
    {
        var person = await TestData.PersonAsync(App);
        await TestData.DeactivateAsync(App, person.Id);
        using var client = Anonymous();

        var response = await TestData.SignInAsync(client, person.Email, person.Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("E-Mail-Adresse oder Passwort ist falsch."));
    }

    [Test]
    public async Task Deactivating_a_person_ends_their_open_session()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);

        await TestData.DeactivateAsync(App, person.Id);
        var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/signin"));
    }

    [TestCase("https://evil.example/x")]
    [TestCase("//evil.example")]
    [TestCase("/\\evil.example")]
    [TestCase("javascript:alert(1)")]
    [TestCase("/\r\nSet-Cookie: stolen=1")]
    [TestCase("/\t/evil.example")]
    public async Task A_foreign_return_url_redirects_to_the_feed(string returnUrl)
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();

        var response = await TestData.SignInAsync(client, person.Email, person.Password, returnUrl);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task A_local_return_url_is_followed()
    {
        var person = await TestData.PersonAsync(App);
        using var client = Anonymous();

        var response = await TestData.SignInAsync(client, person.Email, person.Password, "/departments");

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/departments"));
    }

    [Test]
    public async Task Get_on_the_sign_out_address_does_not_sign_out()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);

        var response = await client.GetAsync("/account/signout");

        Assert.That((int)response.StatusCode, Is.EqualTo(404).Or.EqualTo(405));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Posting_sign_out_ends_the_session()
    {
        var person = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, person);

        var response = await TestData.PostFormAsync(client, "/", "/account/signout", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await client.GetAsync("/");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location?.AbsolutePath, Is.EqualTo("/account/signin"));
    }

    [Test]
    public async Task A_copy_of_the_cookie_is_refused_after_its_session_signed_out_and_other_devices_stay_signed_in()
    {
        var person = await TestData.PersonAsync(App);
        using var browser = App.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await TestData.SignInAsync(browser, person.Email, person.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("intranet.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var copy = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        using var phone = await TestData.SignedInClientAsync(App, person);
        Assert.That((await copy.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while the session lasts");

        await TestData.PostFormAsync(browser, "/", "/account/signout", []);

        var replayed = await copy.GetAsync("/");
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(replayed.Headers.Location?.AbsolutePath, Is.EqualTo("/account/signin"));
        Assert.That((await phone.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another sign-in of the same person is another session");
    }

    [Test]
    public async Task Ended_sessions_are_forgotten_once_no_cookie_of_theirs_can_be_valid()
    {
        var person = await TestData.PersonAsync(App);
        var accounts = App.Service<AccountStore>();
        var now = DateTimeOffset.UtcNow;
        await accounts.EndSessionAsync(person.Id, $"old-{Guid.NewGuid():N}", now - TimeSpan.FromDays(15), TimeSpan.FromDays(14));
        var recent = $"recent-{Guid.NewGuid():N}";
        await accounts.EndSessionAsync(person.Id, recent, now - TimeSpan.FromDays(13), TimeSpan.FromDays(14));

        await accounts.EndSessionAsync(person.Id, $"now-{Guid.NewGuid():N}", now, TimeSpan.FromDays(14));

        await using var connection = await App.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync();
        var left = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT session_id FROM ended_sessions WHERE user_id = @id", new { id = person.Id })).ToList();
        Assert.That(left, Has.Count.EqualTo(2).And.Contains(recent));
        Assert.That(left, Has.None.StartsWith("old-"));
    }
}
