using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Intranet.Blog.Tests.Integration.Mail;

/// The SMTP password comes from configuration and goes nowhere else: not into the outbox, not into the log, not
/// onto a page, even when signing in to the mail server fails.
public sealed class MailSecretTests
{
    private const string Secret = "Geheimes-SMTP-Passwort-4711";

    [Test]
    public async Task A_failing_mail_sign_in_logs_and_keeps_the_reason_but_never_the_password()
    {
        await using var sink = await SmtpSink.StartAsync();
        var logs = new CapturedLogs();
        var settings = MailApp.Settings(sink.Port);
        settings["Intranet:Mail:UserName"] = "intranet";
        settings["Intranet:Mail:Password"] = Secret;
        await using var app = new BlogAppFactory(services: s => s.AddSingleton<ILoggerProvider>(logs), settings: settings);
        var person = await TestData.PersonAsync(app);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        await TestData.PostFormAsync(anonymous, "/account/forgot", "/account/forgot", new() { ["email"] = person.Email });

        for (var i = 0; i < 100 && await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM mail_outbox WHERE last_error IS NOT NULL") == 0; i++)
        {
            await MailApp.SendAsync(app);
            await Task.Delay(50);
        }

        var error = await TestData.ScalarAsync<string>(app, "SELECT last_error FROM mail_outbox");
        Assert.That(error, Does.Contain("authentication").IgnoreCase, "the reason is kept");
        Assert.That(error, Does.Not.Contain(Secret));
        Assert.That(logs.Text, Does.Contain("could not be reached").Or.Contain("failed"));
        Assert.That(logs.Text, Does.Not.Contain(Secret));
        Assert.That(sink.Accepted, Is.Empty);
        var admin = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app, Intranet.Blog.Infrastructure.Auth.Roles.Admin));
        foreach (var page in new[] { "/mail/settings", "/admin/backup", "/admin/audit" })
        {
            Assert.That(await admin.GetStringAsync(page), Does.Not.Contain(Secret), page);
        }
    }
}
