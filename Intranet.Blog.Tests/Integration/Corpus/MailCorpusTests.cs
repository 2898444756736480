using System.Net;
using AngleSharp.Html.Parser;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Integration.Mail;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against mail: what people typed reaches a mail's subject and parts as text (no header, no markup), the
/// mail settings take only their three rhythms, the public unsubscribe address takes only genuine tokens, and the
/// public "forgot your password" form mails nobody but the address on file.
[Category("Corpus")]
public sealed class MailCorpusTests
{
    private SmtpSink _sink = null!;
    private BlogAppFactory _app = null!;
    private readonly TestClock _clock = new(MailApp.TuesdayMorning);

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _sink = await SmtpSink.StartAsync();
        var settings = MailApp.Settings(_sink.Port);
        settings["Intranet:Mail:MustReadGraceMinutes"] = "0";
        settings["Intranet:Limits:WritesPerMinute"] = "1000000";
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock), settings: settings);
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    // Lines that describe a request body rather than a title are the post form's own corpus.
    private static IEnumerable<TestCaseData> Subjects() =>
        DepartmentCorpusTests.Lines(["mail.subject", "post.title"]).Where(c => !((string)c.Arguments[0]!).StartsWith("GEN:json", StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> Rhythms() => DepartmentCorpusTests.Lines(["mail.digest"]);

    private static IEnumerable<TestCaseData> Tokens() => DepartmentCorpusTests.Lines(["mail.unsubscribeToken"]);

    private static IEnumerable<TestCaseData> Addresses() => DepartmentCorpusTests.Lines(["password.forgotEmail"]);

    [Test]
    public void The_corpus_has_mail_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["mail.subject", "mail.digest", "mail.unsubscribeToken", "password.forgotEmail"]).Count(), Is.GreaterThanOrEqualTo(15));

    [TestCaseSource(nameof(Subjects))]
    public async Task A_hostile_title_reaches_the_mail_as_text_in_its_subject_and_both_parts(string input)
    {
        var title = SafeHtml.Expand(input);
        var department = await TestData.DepartmentAsync(_app);
        var ceo = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var reader = await TestData.PersonAsync(_app, departmentId: department);
        var response = await Memos.PublishAsync(ceo, title, mustRead: true, Memos.InDays(_clock, 7), department);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.That(await MailApp.DeliverAsync(_app, _sink, reader.Email), Is.Empty, "refused: nothing to mail");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var postId = long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var stored = await TestData.ScalarAsync<string>(_app, "SELECT title FROM posts WHERE id = @postId", new { postId });
        var mail = (await MailApp.DeliverAsync(_app, _sink, reader.Email)).Single();

        Assert.That(mail.Bcc, Is.Empty);
        Assert.That(mail.Cc, Is.Empty);
        Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { reader.Email }));
        Assert.That(mail.Headers.Select(h => h.Field), Has.None.EqualTo("X-Priority"));
        Assert.That(mail.Subject, Does.Not.Contain('\r').And.Not.Contain('\n'));
        Assert.That(mail.Subject, Does.Contain(Flat(stored)), "the title as typed");
        var html = new HtmlParser().ParseDocument(mail.HtmlBody!);
        AssertSafeMail(html);
        Assert.That(html.Body!.TextContent, Does.Contain(stored.Trim()));
        Assert.That(mail.TextBody, Does.Contain(stored.Trim()));
    }

    /// A mail's HTML has inline styles (mail clients ignore style sheets) but nothing else of the page rules may be
    /// broken: no script, no handler, no frame or form, and every link leads into the app.
    private static void AssertSafeMail(AngleSharp.Html.Dom.IHtmlDocument html)
    {
        Assert.That(html.QuerySelectorAll("script, iframe, object, embed, form, img, svg, math, base, meta[http-equiv]"), Is.Empty);
        foreach (var element in html.All)
        {
            Assert.That(element.Attributes.Select(a => a.Name), Has.None.StartsWith("on"), element.TagName);
        }

        Assert.That(html.QuerySelectorAll("a").Select(a => a.GetAttribute("href")), Is.All.StartWith(MailApp.PublicUrl + "/"));
    }

    // A subject is one line: whatever line breaks the stored title had are folded into spaces.
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s*\p{Cc}+\s*", " ").Trim();

    [TestCaseSource(nameof(Rhythms))]
    public async Task A_digest_rhythm_that_is_none_of_the_three_is_refused_and_changes_nothing(string input)
    {
        var person = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, person);
        var response = await TestData.PostFormAsync(client, "/mail/settings", "/mail/settings", new() { ["digest"] = SafeHtml.Expand(input), ["mentions"] = "true" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_preferences WHERE user_id = @Id", person), Is.Zero);
    }

    [TestCaseSource(nameof(Tokens))]
    public async Task A_forged_or_foreign_unsubscribe_token_is_refused_and_changes_nothing(string input)
    {
        var person = await TestData.PersonAsync(_app);
        var genuine = _app.Service<UnsubscribeLinks>().Token(person.Id, MailKinds.Digest);
        string? linkToken = null;
        var token = input switch
        {
            "{valid token with its last three characters changed}" => genuine[..^3] + (genuine.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA"),
            "{a set-password link's token}" => linkToken = await _app.Service<Intranet.Blog.Features.Links.OneTimeLinks>().IssueAsync(
                Intranet.Blog.Features.Links.LinkPurposes.SetPassword, person.Id, _clock.GetUtcNow().AddDays(1), default),
            _ => SafeHtml.Expand(input),
        };
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        var url = "/mail/unsubscribe?token=" + Uri.EscapeDataString(token);

        var page = await anonymous.GetAsync(url);
        var oneClick = await anonymous.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var button = await anonymous.PostAsync("/mail/unsubscribe", new FormUrlEncodedContent([new("token", token)]));

        Assert.That(new[] { page.StatusCode, oneClick.StatusCode, button.StatusCode }, Is.All.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_preferences"), Is.Zero, "nobody's choices changed");
        if (linkToken is not null)
        {
            var stillWorks = await anonymous.GetAsync("/account/set-password?token=" + Uri.EscapeDataString(linkToken));
            Assert.That(stillWorks.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the link is still usable for what it is for");
        }
    }

    [TestCaseSource(nameof(Addresses))]
    public async Task The_forgot_password_form_mails_nobody_but_the_address_on_file(string input)
    {
        var person = await TestData.PersonAsync(_app);
        var email = SafeHtml.Expand(input).Replace("{a person's address}", person.Email, StringComparison.Ordinal);
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        var before = await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_outbox");

        var response = await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = email });

        Assert.That((int)response.StatusCode, Is.EqualTo(200).Or.EqualTo(400));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_outbox"), Is.EqualTo(before), "no mail for an address that is no one's");
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "forgot");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.That(TestData.ErrorText(page), Is.Not.Empty);
        }
    }
}
