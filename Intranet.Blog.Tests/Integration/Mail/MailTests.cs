using System.Net;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Intranet.Blog.Tests.Integration.Mail;

/// Must-read mails, mentions, digests, password links and unsubscribing, each against a real SMTP server on loopback.
/// One app per test: each moves its own clock through working hours.
public sealed class MailTests
{
    private SmtpSink _sink = null!;
    private TestClock _clock = null!;
    private BlogAppFactory _app = null!;

    [SetUp]
    public async Task Start()
    {
        _sink = await SmtpSink.StartAsync();
        _clock = new TestClock(MailApp.TuesdayMorning);
        _app = MailApp.Start(_sink.Port, _clock);
    }

    [TearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Test]
    public async Task A_must_read_left_unopened_past_the_grace_period_is_mailed_once_and_not_to_who_opened_it()
    {
        var department = await TestData.DepartmentAsync(_app);
        var ceo = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var unread = await TestData.PersonAsync(_app, departmentId: department);
        var reader = await TestData.PersonAsync(_app, departmentId: department);
        var title = "Neue Reisekostenrichtlinie <b>ab März</b>";
        var postId = await Memos.PublishedAsync(ceo, title, mustRead: true, Memos.InDays(_clock, 7), department);

        Assert.That(await MailApp.DeliverAsync(_app, _sink, unread.Email), Is.Empty, "not within the grace period");
        await (await TestData.SignedInClientAsync(_app, reader)).GetStringAsync($"/posts/{postId}");
        _clock.Advance(TimeSpan.FromMinutes(61));

        var mails = await MailApp.DeliverAsync(_app, _sink, unread.Email);
        Assert.That(mails, Has.Count.EqualTo(1));
        var mail = mails[0];
        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Is.EqualTo($"Bitte lesen: {title}"));
            Assert.That(mail.TextBody, Does.Contain(title).And.Contain($"{MailApp.PublicUrl}/posts/{postId}"));
            Assert.That(mail.HtmlBody, Does.Contain("Neue Reisekostenrichtlinie &lt;b&gt;ab M").And.Not.Contain("<b>ab"), "the title is text in the HTML part");
            Assert.That(mail.Headers[HeaderId.ListUnsubscribe], Does.StartWith($"<{MailApp.PublicUrl}/mail/unsubscribe?token="));
            Assert.That(mail.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
            Assert.That(mail.MessageId, Does.EndWith("@intranet.test.example"));
            Assert.That(mail.From.Mailboxes.Single().Address, Is.EqualTo("intranet@test.example"));
        });
        Assert.That(MailApp.To(_sink, reader.Email), Is.Empty, "who opened it in the app gets no mail");

        _clock.Advance(TimeSpan.FromMinutes(30));
        Assert.That(await MailApp.DeliverAsync(_app, _sink, unread.Email), Has.Count.EqualTo(1), "mailed exactly once");
        Assert.That(await MailApp.OutboxAsync(_app, unread.Email), Is.EqualTo(1));
    }

    [Test]
    public async Task Sent_mails_leave_the_outbox_after_30_days_and_the_record_of_what_they_named_after_60()
    {
        var (person, _) = await MustReadMailedAsync("Aufbewahrung");
        await using var scope = _app.Services.CreateAsyncScope();
        var planner = scope.ServiceProvider.GetRequiredService<MailPlanner>();
        Task<long> ItemsAsync() => TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_items WHERE user_id = @Id", person);

        _clock.Advance(TimeSpan.FromDays(29));
        await planner.PruneAsync(default);
        Assert.That(await MailApp.OutboxAsync(_app, person.Email), Is.EqualTo(1), "kept for 30 days");
        _clock.Advance(TimeSpan.FromDays(2));
        await planner.PruneAsync(default);
        Assert.That(await MailApp.OutboxAsync(_app, person.Email), Is.Zero, "what the mail said is gone");
        Assert.That(await ItemsAsync(), Is.EqualTo(1), "what it named is still remembered");
        _clock.Advance(TimeSpan.FromDays(30));
        await planner.PruneAsync(default);
        Assert.That(await ItemsAsync(), Is.Zero);
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Has.Count.EqualTo(1), "too old to be mailed again");
    }

    [Test]
    public async Task Nothing_is_mailed_inside_quiet_hours_it_waits_for_the_next_working_morning()
    {
        var department = await TestData.DepartmentAsync(_app);
        var ceo = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var person = await TestData.PersonAsync(_app, departmentId: department);
        _clock.SetForward(new DateTimeOffset(2027, 1, 5, 16, 30, 0, TimeSpan.Zero)); // 17:30 in Berlin
        await Memos.PublishedAsync(ceo, "Abendlicher Aushang", mustRead: true, Memos.InDays(_clock, 7), department);

        _clock.Advance(TimeSpan.FromMinutes(90)); // 19:00, past the grace period and past working hours
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Is.Empty);
        _clock.SetForward(new DateTimeOffset(2027, 1, 6, 6, 55, 0, TimeSpan.Zero)); // 07:55 the next morning
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Is.Empty);
        _clock.SetForward(new DateTimeOffset(2027, 1, 6, 7, 5, 0, TimeSpan.Zero)); // 08:05
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Mentions_are_mailed_only_to_those_who_chose_it()
    {
        var writer = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var wants = await TestData.PersonAsync(_app);
        var doesNot = await TestData.PersonAsync(_app);
        var wantsClient = await TestData.SignedInClientAsync(_app, wants);
        var saved = await TestData.PostFormAsync(wantsClient, "/mail/settings", "/mail/settings", new() { ["digest"] = "weekly", ["mustRead"] = "true", ["mentions"] = "true" });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var handles = new List<string>();
        foreach (var id in new[] { wants.Id, doesNot.Id })
        {
            handles.Add(await TestData.ScalarAsync<string>(_app, "SELECT handle FROM users WHERE id = @id", new { id }));
        }

        var postId = await TestData.MicroAsync(writer, $"Frage an @{handles[0]} und @{handles[1]}: passt der Termin?");
        Assert.That(await MailApp.DeliverAsync(_app, _sink, wants.Email), Is.Empty, "a short grace first");
        _clock.Advance(MailPlanner.MentionGrace + TimeSpan.FromSeconds(1));

        var mails = await MailApp.DeliverAsync(_app, _sink, wants.Email);
        Assert.That(mails, Has.Count.EqualTo(1));
        Assert.That(mails[0].Subject, Does.Contain("erwähnt"));
        Assert.That(mails[0].TextBody, Does.Contain($"{MailApp.PublicUrl}/posts/{postId}"));
        Assert.That(MailApp.To(_sink, doesNot.Email), Is.Empty);
    }

    [Test]
    public async Task The_weekly_digest_tells_what_was_missed_in_order_and_never_repeats_itself()
    {
        var department = await TestData.DepartmentAsync(_app);
        var ceo = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var colleague = await TestData.PersonAsync(_app, departmentId: department);
        var colleagueClient = await TestData.SignedInClientAsync(_app, colleague);
        var person = await TestData.PersonAsync(_app, departmentId: department);
        var personClient = await TestData.SignedInClientAsync(_app, person);
        var handle = await TestData.ScalarAsync<string>(_app, "SELECT handle FROM users WHERE id = @id", new { id = person.Id });
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Is.Empty, "the first look only starts the count");

        var announcement = await Memos.PublishedAsync(ceo, "Sommerfest am 3. Juli", mustRead: false, null, department);
        var discussed = await TestData.MicroAsync(colleagueClient, "Wer übernimmt die Kaffeemaschine?", department);
        var quiet = await TestData.MicroAsync(colleagueClient, "Ein Beitrag ohne Kommentare", department);
        var opened = await TestData.MicroAsync(colleagueClient, "Schon gelesen", department);
        var other = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        for (var i = 0; i < 3; i++)
        {
            await TestData.CommentAsync(other, discussed, $"Ich nicht ({i})");
        }

        await TestData.CommentAsync(other, opened, "Auch hier diskutiert");
        var mention = await TestData.CommentAsync(colleagueClient, quiet, $"@{handle} weißt du das?");
        await personClient.GetStringAsync($"/posts/{opened}");

        _clock.SetForward(new DateTimeOffset(2027, 1, 11, 7, 5, 0, TimeSpan.Zero)); // Monday 08:05 in Berlin
        var first = await MailApp.DeliverAsync(_app, _sink, person.Email);
        Assert.That(first, Has.Count.EqualTo(1));
        var text = first[0].TextBody ?? "";
        Assert.Multiple(() =>
        {
            Assert.That(first[0].Subject, Does.StartWith("Deine Wochenzusammenfassung"));
            Assert.That(first[0].HtmlBody, Does.Contain("<h2"));
            Assert.That(text, Does.Contain("Sommerfest am 3. Juli").And.Contain($"/posts/{announcement}"));
            Assert.That(text, Does.Contain($"/posts/{quiet}#comment-{mention}"), "the mention leads to its comment");
            Assert.That(text, Does.Contain($"/posts/{discussed}"));
            Assert.That(text, Does.Not.Contain($"/posts/{opened}\n").And.Not.Contain($"/posts/{opened}\r"), "nothing already opened");
            Assert.That(text.IndexOf("Sommerfest", StringComparison.Ordinal), Is.LessThan(text.IndexOf($"#comment-{mention}", StringComparison.Ordinal)), "announcements first");
            Assert.That(text.IndexOf($"#comment-{mention}", StringComparison.Ordinal), Is.LessThan(text.IndexOf($"/posts/{discussed}", StringComparison.Ordinal)), "then mentions, then discussions");
        });

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.That(await MailApp.DeliverAsync(_app, _sink, person.Email), Has.Count.EqualTo(1), "one digest a week");

        var fresh = await TestData.MicroAsync(colleagueClient, "Neue Woche, neues Thema", department);
        await TestData.CommentAsync(other, discussed, "Noch ein Kommentar, aber der Beitrag stand schon in der letzten Mail");
        _clock.SetForward(new DateTimeOffset(2027, 1, 18, 7, 5, 0, TimeSpan.Zero));
        var second = await MailApp.DeliverAsync(_app, _sink, person.Email);
        Assert.That(second, Has.Count.EqualTo(2));
        Assert.That(second[1].TextBody, Does.Contain($"/posts/{fresh}"));
        Assert.That(second[1].TextBody, Does.Not.Contain("Sommerfest").And.Not.Contain($"/posts/{discussed}").And.Not.Contain($"#comment-{mention}"),
            "nothing an earlier mail contained");
    }

    [Test]
    public async Task The_digest_speaks_the_persons_language_and_comes_daily_if_chosen()
    {
        var department = await TestData.DepartmentAsync(_app);
        var person = await TestData.PersonAsync(_app, departmentId: department);
        var client = await TestData.SignedInClientAsync(_app, person);
        await TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = "en" });
        await TestData.PostFormAsync(client, "/mail/settings", "/mail/settings", new() { ["digest"] = "daily", ["mustRead"] = "true" });
        await MailApp.DeliverAsync(_app, _sink, person.Email);
        var colleague = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, departmentId: department));
        await TestData.MicroAsync(colleague, "Kurze Frage zum Dienstplan", department);

        _clock.SetForward(new DateTimeOffset(2027, 1, 6, 7, 5, 0, TimeSpan.Zero)); // Wednesday 08:05
        var mails = await MailApp.DeliverAsync(_app, _sink, person.Email);
        Assert.That(mails, Has.Count.EqualTo(1));
        Assert.That(mails[0].Subject, Is.EqualTo("Your daily digest: 1 thing you missed"));
        Assert.That(mails[0].TextBody, Does.Contain("You get this digest every working day."));
    }

    [Test]
    public async Task Forgot_password_answers_the_same_for_any_address_and_mails_a_link_that_works_once()
    {
        var person = await TestData.PersonAsync(_app);
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That(await anonymous.GetStringAsync("/account/signin"), Does.Contain("href=\"/account/forgot\""));

        var known = await TestData.ParseAsync(await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = person.Email.ToUpperInvariant() }));
        var unknown = await TestData.ParseAsync(await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = "niemand@test.example" }));
        Assert.That(unknown.QuerySelector("main")!.TextContent, Is.EqualTo(known.QuerySelector("main")!.TextContent));

        while (await MailApp.SendAsync(_app) > 0)
        {
        }

        var mails = await _sink.WaitForAsync(1);
        Assert.That(mails.Where(m => m.To.Mailboxes.Any(b => b.Address == "niemand@test.example")), Is.Empty);
        var mail = MailApp.To(_sink, person.Email).Single();
        Assert.That(mail.Headers[HeaderId.ListUnsubscribe], Is.Null, "nobody unsubscribes from a link they asked for");
        var link = MailApp.Local(MailApp.Link(mail, "/account/set-password"));
        for (var i = 0; i < 100 && await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = @a AND sent_at IS NOT NULL", new { a = person.Email }) == 0; i++)
        {
            await Task.Delay(50); // the background sender marks it sent just after the server took it
        }

        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT text_body || html_body FROM mail_outbox WHERE to_address = @a", new { a = person.Email }), Is.Empty,
            "the sent mail's link is kept nowhere in clear");

        var page = await TestData.GetPageAsync(anonymous, link);
        Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain(person.Name));
        var token = page.QuerySelector("input[name=token]")!.GetAttribute("value")!;
        var set = await TestData.PostFormAsync(anonymous, link, "/account/set-password", new() { ["token"] = token, ["password"] = "ein-neues-langes-Passwort" });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var fresh = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That((await TestData.SignInAsync(fresh, person.Email, "ein-neues-langes-Passwort")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await fresh.GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "used up");
    }

    [Test]
    public async Task An_invitation_issued_in_the_admin_area_also_goes_out_by_mail_and_the_sheet_says_so()
    {
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        var person = await TestData.PersonAsync(_app);

        var sheet = await TestData.PostFormAsync(admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/password-link", []);
        Assert.That(sheet.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sheet.Content.ReadAsStringAsync());
        Assert.That((await TestData.ParseAsync(sheet)).QuerySelector("main")!.TextContent, Does.Contain("außerdem per Mail"));
        var mails = await MailApp.DeliverAsync(_app, _sink, person.Email);

        Assert.That(mails, Has.Count.EqualTo(1));
        Assert.That(mails[0].Subject, Is.EqualTo("Neues Passwort wählen"), "the test person has a password: a reset");
        var link = MailApp.Local(MailApp.Link(mails[0], "/account/set-password"));
        var page = await TestData.GetPageAsync(_app.CreateClient(new() { AllowAutoRedirect = false }), link);
        Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain(person.Name));
    }

    [Test]
    public async Task Unsubscribing_takes_a_button_or_a_mail_clients_one_click_post_and_touches_one_kind_only()
    {
        var (person, mail) = await MustReadMailedAsync("Bitte bestätigen");
        var link = mail.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');
        var scanner = _app.CreateClient(new() { AllowAutoRedirect = false });

        var page = await TestData.GetPageAsync(scanner, MailApp.Local(link));
        Assert.That(page.QuerySelector("main form button")!.TextContent, Is.EqualTo("Abmelden"));
        Assert.That(await MustReadAsync(person.Id), Is.Null, "opening the link changes nothing");

        var oneClick = await scanner.PostAsync(MailApp.Local(link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.That(oneClick.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await MustReadAsync(person.Id), Is.False);
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT digest FROM mail_preferences WHERE user_id = @id", new { id = person.Id }), Is.EqualTo("weekly"), "the digest stays");

        var tampered = MailApp.Local(link)[..^3] + "AAA";
        Assert.That((await scanner.GetAsync(tampered)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await scanner.PostAsync(tampered, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var client = await TestData.SignedInClientAsync(_app, person);
        var settings = await TestData.GetPageAsync(client, "/mail/settings");
        Assert.That(settings.QuerySelector("input[name=mustRead]")!.HasAttribute("checked"), Is.False);
        await TestData.PostFormAsync(client, "/mail/settings", "/mail/settings", new() { ["digest"] = "weekly", ["mustRead"] = "true" });
        Assert.That(await MustReadAsync(person.Id), Is.True, "changed back on the settings page");
    }

    [Test]
    public async Task The_forgot_form_has_its_own_limit_and_never_locks_anyone_out_of_signing_in()
    {
        var person = await TestData.PersonAsync(_app);
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 30; i++)
        {
            var asked = await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = $"niemand{i}@test.example" });
            Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var tooMany = await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = person.Email });
        Assert.That((int)tooMany.StatusCode, Is.EqualTo(429));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(tooMany)), Does.Contain("Zu viele Anfragen aus deinem Netzwerk"));
        var signIn = await TestData.SignInAsync(_app.CreateClient(new() { AllowAutoRedirect = false }), person.Email, person.Password);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signing in from the same address still works");
    }

    [Test]
    public async Task Asking_for_a_reset_leaves_an_invitation_an_admin_handed_out_working()
    {
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        var person = await TestData.PersonAsync(_app);
        var sheet = await TestData.ParseAsync(await TestData.PostFormAsync(admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/password-link", []));
        var printed = new Uri(sheet.QuerySelector($".password-link[data-person='{person.Id}'] .link-text")!.GetAttribute("value")!).PathAndQuery;
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });

        await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = person.Email });
        var mails = await _sink.WaitForAsync(2);

        Assert.That(MailApp.To(_sink, person.Email), Has.Count.EqualTo(2), "the admin's link and the one asked for");
        Assert.That((await anonymous.GetAsync(printed)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the printed invitation still works");
        Assert.That((await anonymous.GetAsync(MailApp.Local(MailApp.Link(MailApp.To(_sink, person.Email)[1], "/account/set-password")))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(mails, Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task An_unreachable_server_and_a_try_again_later_answer_are_retried_with_back_off()
    {
        var port = SmtpSink.FreePort();
        await using var app = new BlogAppFactory(services: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(s, _clock),
            settings: MailApp.Settings(port));
        var person = await TestData.PersonAsync(app);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = person.Email });

        var attempt = await SettledAsync(app, person.Email, attempts: 1);
        Assert.That(attempt.LastError, Does.Contain("refused").IgnoreCase.Or.Contain("Socket"));
        Assert.That(attempt.SentAt, Is.Null);

        await using var sink = await SmtpSink.StartAsync(port);
        sink.RefuseNext(1);
        await MailApp.SendAsync(app);
        Assert.That((await RowAsync(app, person.Email)).Attempts, Is.EqualTo(1), "not before its back-off");
        _clock.Advance(MailSender.Backoff(1) + TimeSpan.FromSeconds(1));
        var refused = await SettledAsync(app, person.Email, attempts: 2);
        Assert.That(refused.LastError, Does.Contain("try again later"));
        Assert.That(refused.SentAt, Is.Null);
        _clock.Advance(MailSender.Backoff(2) + TimeSpan.FromSeconds(1));
        var sent = await SettledAsync(app, person.Email, attempts: 3);
        Assert.That(sent.SentAt, Is.Not.Null);
        Assert.That(MailApp.To(sink, person.Email), Has.Count.EqualTo(1));
    }

    /// Sends (the background sender may be quicker) until the mail's attempt number is reached and no attempt is under way.
    private static async Task<(long Attempts, string? LastError, long? SentAt)> SettledAsync(BlogAppFactory app, string address, int attempts)
    {
        for (var i = 0; i < 200; i++)
        {
            await MailApp.SendAsync(app);
            var row = await RowAsync(app, address);
            if (row.Attempts >= attempts && !row.Claimed)
            {
                return (row.Attempts, row.LastError, row.SentAt);
            }

            await Task.Delay(50);
        }

        throw new AssertionException($"The mail to {address} did not reach attempt {attempts}.");
    }

    /// A must-read to a new department's one member, left unopened past the grace period and mailed: the person and the mail.
    private async Task<(TestPerson Person, MimeMessage Mail)> MustReadMailedAsync(string title)
    {
        var department = await TestData.DepartmentAsync(_app);
        var ceo = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var person = await TestData.PersonAsync(_app, departmentId: department);
        await Memos.PublishedAsync(ceo, title, mustRead: true, Memos.InDays(_clock, 7), department);
        _clock.Advance(TimeSpan.FromMinutes(61));
        var mails = await MailApp.DeliverAsync(_app, _sink, person.Email);
        Assert.That(mails, Has.Count.EqualTo(1));
        return (person, mails[0]);
    }

    /// null while the person never saved a choice (the default applies).
    private async Task<bool?> MustReadAsync(long id) =>
        await TestData.ScalarAsync<long>(_app, "SELECT COALESCE((SELECT must_read FROM mail_preferences WHERE user_id = @id), -1)", new { id }) switch
        {
            -1 => null,
            var v => v == 1,
        };

    private static async Task<(long Attempts, string? LastError, long? SentAt, bool Claimed)> RowAsync(BlogAppFactory app, string address)
    {
        await using var connection = await app.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync();
        // The forgot form's mail is written in the background: until then there is no row, and no attempt.
        return (await Dapper.SqlMapper.QueryAsync<(long, string?, long?, bool)>(connection,
            "SELECT attempts, last_error, sent_at, claimed_at IS NOT NULL FROM mail_outbox WHERE to_address = @address", new { address })).FirstOrDefault();
    }
}
