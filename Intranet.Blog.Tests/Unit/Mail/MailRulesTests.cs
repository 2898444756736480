using System.ComponentModel.DataAnnotations;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Notifications;
using MimeKit;

namespace Intranet.Blog.Tests.Unit.Mail;

public sealed class MailRulesTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(new DateTime(year, month, day, hour, minute, 0), Berlin.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0))).ToUniversalTime();

    [Test]
    public void The_weekly_digest_is_due_on_Mondays_at_the_start_of_work_in_the_persons_zone_across_daylight_saving()
    {
        var hours = NotificationSettings.Default;
        // Wednesday 1 April 2026, after the spring change: the last Monday was 30 March, the next 6 April, at 08:00 CEST.
        var now = Local(2026, 4, 1, 12, 0);
        Assert.That(DigestSchedule.LastDue(now, DigestEvery.Weekly, hours), Is.EqualTo(Local(2026, 3, 30, 8, 0)));
        Assert.That(DigestSchedule.NextDue(now, DigestEvery.Weekly, hours), Is.EqualTo(Local(2026, 4, 6, 8, 0)));
        Assert.That(DigestSchedule.LastDue(now, DigestEvery.Weekly, hours)!.Value.UtcDateTime.Hour, Is.EqualTo(6), "08:00 summer time");
        // Monday 23 March (winter time) at 08:00 is 07:00 UTC.
        Assert.That(DigestSchedule.LastDue(Local(2026, 3, 27, 9, 0), DigestEvery.Weekly, hours)!.Value.UtcDateTime.Hour, Is.EqualTo(7));
    }

    [Test]
    public void The_daily_digest_follows_the_persons_working_days_and_start_and_off_is_never_due()
    {
        var hours = NotificationSettings.Default with { WorkStart = 7 * 60 + 30, WorkDays = 1 | 2 | 4 | 8 }; // Monday to Thursday
        var friday = Local(2026, 12, 4, 12, 0);
        Assert.That(DigestSchedule.LastDue(friday, DigestEvery.Daily, hours), Is.EqualTo(Local(2026, 12, 3, 7, 30)), "Thursday");
        Assert.That(DigestSchedule.NextDue(friday, DigestEvery.Daily, hours), Is.EqualTo(Local(2026, 12, 7, 7, 30)), "Monday");
        Assert.That(DigestSchedule.LastDue(friday, DigestEvery.Off, hours), Is.Null);
        Assert.That(DigestSchedule.NextDue(friday, DigestEvery.Off, hours), Is.Null);
    }

    [TestCase("Intranet.Blog", "Intranet.Blog")]
    [TestCase("Stadtverwaltung Musterstadt", "Stadtverwaltung")]
    [TestCase("Müller GmbH🚀 Intranet", "Müller GmbH🚀")]
    [TestCase("Donaudampfschifffahrt GmbH", "Donaudampfschifffahrt")]
    [TestCase("Büro  der 🚀 Zukunft", "Büro der 🚀")]
    public void The_home_screen_name_keeps_whole_words_and_never_splits_a_character(string name, string expected) =>
        Assert.That(Intranet.Blog.Features.WebApp.WebAppController.ShortName(name), Is.EqualTo(expected));

    [Test]
    public void Mail_settings_are_refused_at_start_when_they_could_not_work()
    {
        static IEnumerable<string> Errors(MailOptions o) => o.Validate(new ValidationContext(o)).Select(r => r.ErrorMessage!);

        Assert.That(Errors(new MailOptions()), Is.Empty, "no host: mail is off");
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", From = "Intranet <i@example.com>", PublicUrl = "https://intranet.example.com" }), Is.Empty);
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", PublicUrl = "https://intranet.example.com" }), Has.One.Contains("Intranet:Mail:From"));
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", From = "intranet", PublicUrl = "https://intranet.example.com" }), Has.One.Contains("Intranet:Mail:From"));
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", From = "i@example.com", PublicUrl = "intranet" }), Has.One.Contains("Intranet:Mail:PublicUrl"));
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", From = "i@example.com", PublicUrl = "https://x.example", Security = MailSecurity.None }),
            Has.One.Contains("only allowed to a mail server on this machine"));
        Assert.That(Errors(new MailOptions { Host = "127.0.0.1", From = "i@example.com", PublicUrl = "https://x.example", Security = MailSecurity.None }), Is.Empty);
        Assert.That(Errors(new MailOptions { Host = "smtp.example.com", From = "i@example.com", PublicUrl = "https://x.example", UserName = "u" }), Has.One.Contains("set together"));
    }

    [TestCase("=?utf-8?B?PHNjcmlwdD4=?= Sommerfest")]
    [TestCase("Frühstück für alle 🥐 – „Gelesen und verstanden“, und dazu ein sehr langer Betreff, der auf mehrere Zeilen gefaltet werden muss")]
    [TestCase("Plain ASCII")]
    public void A_subject_reaches_the_reader_as_written(string subject)
    {
        var row = new OutboxRow { MessageId = "x@test.example", ToAddress = "a@test.example", ToName = "A", Subject = subject, TextBody = "t", HtmlBody = "<p>t</p>", Kind = MailKinds.Digest };
        var message = MailSender.Message(row, new MailOptions { From = "Intranet <i@test.example>" });
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        var head = System.Text.Encoding.ASCII.GetString(stream.ToArray()).Split("\r\n\r\n")[0];

        Assert.That(head.Split("\r\n").Where(l => !l.StartsWith(' ')), Has.All.Length.LessThanOrEqualTo(998));
        Assert.That(MimeMessage.Load(new MemoryStream(stream.ToArray())).Subject, Is.EqualTo(subject));
    }

    [Test]
    public void The_mail_body_encodes_text_in_the_html_part_and_keeps_it_plain_in_the_text_part()
    {
        var body = new MailBody("de").Paragraph("<b>fett</b> & \"zitiert\"").Item("Titel <script>", new Uri("https://i.example/posts/1"), "Notiz", "Auszug <i>");

        Assert.That(body.Html("Betreff <x>"), Does.Contain("&lt;b&gt;fett&lt;/b&gt;").And.Contain("Titel &lt;script&gt;").And.Not.Contain("<script>").And.Contain("<title>Betreff &lt;x&gt;</title>"));
        Assert.That(body.Text, Does.Contain("<b>fett</b> & \"zitiert\"").And.Contain("* Titel <script>").And.Contain("https://i.example/posts/1"));
        Assert.That(MailBody.PlainText("<strong>Anna &amp; Jonas</strong> mentioned you in <span>&#x201C;&lt;Plan&gt;&#x201D;</span>"),
            Is.EqualTo("Anna & Jonas mentioned you in “<Plan>”"));
    }
}
