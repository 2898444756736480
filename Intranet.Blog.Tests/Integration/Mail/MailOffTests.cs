using Intranet.Blog.Features.Mail;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Mail;

/// Without Intranet:Mail:Host nothing is queued, and the pages say so instead of promising mail.
public sealed class MailOffTests : AppFixture
{
    [Test]
    public async Task Without_a_mail_server_nothing_is_queued_and_the_pages_say_so()
    {
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);
        var settings = await TestData.GetPageAsync(client, "/mail/settings");
        Assert.That(settings.QuerySelector("main .notice[role=status]")!.TextContent, Does.Contain("verschickt keine E-Mails"));

        var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That(await anonymous.GetStringAsync("/account/signin"), Does.Not.Contain("/account/forgot"));
        var forgot = await TestData.GetPageAsync(anonymous, "/account/forgot");
        Assert.That(forgot.QuerySelector("form[action='/account/forgot']"), Is.Null);

        await using var scope = App.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<MailPlanner>().RunAsync(default), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM mail_outbox"), Is.Zero);
    }
}
