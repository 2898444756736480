using System.Net;
using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.CompanyDirectory;

[RequiresProgram(Slapd.Program, Slapd.Install)]
public sealed class DirectorySignInTests
{
    [Test, CancelAfter(120_000)]
    public async Task People_from_the_directory_sign_in_with_their_directory_password_under_the_same_throttle(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed(claraMail: "ceo@demo.example"));
        await using var app = DirectoryApp.Start(slapd, signIn: true);
        await DirectoryApp.SyncAsync(app);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var ok = await TestData.SignInAsync(client, "dora@example.test", DirectoryApp.DoraPassword);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the directory password signs Dora in");
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.Redirect));

        using var other = app.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = await TestData.SignInAsync(other, "dora@example.test", "not-her-password");
        var unknown = await TestData.SignInAsync(other, "nobody@example.test", "not-her-password");
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(wrong)), Is.EqualTo(TestData.ErrorText(await TestData.ParseAsync(unknown))),
            "a wrong password and an unknown person get the same answer");

        // The demo CEO was linked to Clara's entry, which has no password: her old local one ("demo") no longer works.
        Assert.That((await TestData.SignInAsync(other, "ceo@demo.example", DemoSeeder.Password)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        // An account the directory does not hold keeps its local password.
        Assert.That((await TestData.SignInAsync(other, "staff@demo.example", DemoSeeder.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using var attacker = app.CreateClient(new() { AllowAutoRedirect = false });
        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await TestData.SignInAsync(attacker, "henrik@example.test", $"guess-{i}");
        }

        Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "failed directory binds lock the account like local ones");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_directory_that_cannot_be_reached_says_so_instead_of_calling_the_password_wrong(CancellationToken ct)
    {
        var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd, signIn: true);
        await DirectoryApp.SyncAsync(app);
        await slapd.DisposeAsync();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var down = await TestData.SignInAsync(client, "dora@example.test", DirectoryApp.DoraPassword);
        Assert.That(down.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(down)), Does.Contain("directory").IgnoreCase.Or.Contain("verzeichnis").IgnoreCase);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_directory_that_hangs_is_given_up_in_bounded_time(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd, signIn: true);
        await DirectoryApp.SyncAsync(app);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var token = await TestData.TokenAsync(client, "/account/signin");
        slapd.Pause();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var hung = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "dora@example.test", ["password"] = DirectoryApp.DoraPassword, ["__RequestVerificationToken"] = token,
            }), ct);
            Assert.That(hung.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)), "not the ten minutes a hung server held it before");
        }
        finally
        {
            slapd.Resume();
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task With_local_passwords_off_only_break_glass_admins_use_one_and_nobody_else_can_get_one(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd, signIn: true, more: new()
        {
            ["Intranet:SignIn:LocalPasswords"] = "false",
            ["Intranet:SignIn:BreakGlassAdmins:0"] = DemoSeeder.AdminEmail,
        });
        await DirectoryApp.SyncAsync(app);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That((await TestData.SignInAsync(client, "staff@demo.example", DemoSeeder.Password)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest),
            "a local password is refused");
        Assert.That((await TestData.SignInAsync(client, "dora@example.test", DirectoryApp.DoraPassword)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var signInPage = await TestData.GetPageAsync(app.CreateClient(), "/account/signin");
        Assert.That(signInPage.QuerySelector("a[href='/account/forgot']"), Is.Null, "no reset for passwords that are off");

        using var admin = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That((await TestData.SignInAsync(admin, DemoSeeder.AdminEmail, DemoSeeder.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect),
            "the break-glass admin still signs in with the local password");
        var staffId = await TestData.ScalarAsync<long>(app, "SELECT id FROM users WHERE email = 'staff@demo.example'");
        var person = await TestData.GetPageAsync(admin, $"/admin/people/{staffId}");
        Assert.That(person.QuerySelector("[data-no-local-password]"), Is.Not.Null);
        Assert.That(person.QuerySelector($"form[action='/admin/people/{staffId}/password-link']"), Is.Null);
        var link = await TestData.PostFormAsync(admin, $"/admin/people/{staffId}", $"/admin/people/{staffId}/password-link", []);
        Assert.That(link.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no link to a password nobody may use");

        var audit = await TestData.ScalarAsync<string>(app, "SELECT details FROM audit_log WHERE action = 'signin.methods_changed' ORDER BY id DESC LIMIT 1");
        Assert.That(audit, Is.EqualTo("""{"methods":["break-glass","ldap"]}"""));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_change_of_sign_in_methods_is_audited_once_at_start(CancellationToken ct)
    {
        await using (var plain = new BlogAppFactory())
        {
            _ = plain.Services;
            Assert.That(await TestData.ScalarAsync<long>(plain, "SELECT count(*) FROM audit_log WHERE action = 'signin.methods_changed'"), Is.Zero,
                "local passwords alone is where every installation starts");
        }

        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd, signIn: true, seedDemo: false);
        const string Count = "SELECT count(*) FROM audit_log WHERE action = 'signin.methods_changed'";
        Assert.That(await TestData.ScalarAsync<long>(app, Count), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<string>(app, "SELECT details FROM audit_log WHERE action = 'signin.methods_changed'"),
            Is.EqualTo("""{"methods":["local","ldap"]}"""));
        await app.Service<SignInMethods>().RecordIfChangedAsync(ct);
        Assert.That(await TestData.ScalarAsync<long>(app, Count), Is.EqualTo(1), "the same methods at the next start are not recorded again");
    }
}
