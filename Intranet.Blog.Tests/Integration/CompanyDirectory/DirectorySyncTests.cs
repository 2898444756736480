using System.Net;
using Intranet.Blog.DemoData;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.CompanyDirectory;

[RequiresProgram(Slapd.Program, Slapd.Install)]
public sealed class DirectorySyncTests
{
    [Test, CancelAfter(120_000)]
    public async Task An_admin_previews_then_applies_and_people_departments_managers_and_roles_follow_the_directory(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed(claraMail: "ceo@demo.example"));
        await using var app = DirectoryApp.Start(slapd);
        var ceoBefore = await DirectoryApp.PersonAsync(app, "ceo@demo.example");
        var admin = await TestData.SignedInClientAsync(app, new TestPerson(0, DemoSeeder.AdminEmail, "", DemoSeeder.Password));

        var preview = await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/preview", []);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestData.ParseAsync(preview);
        var created = page.QuerySelectorAll("[data-list=new] li").Select(li => li.TextContent).ToList();
        Assert.That(created, Has.Count.EqualTo(3).And.Some.Contains("Dora Dev").And.Some.Contains("henrik@example.test"));
        Assert.That(page.QuerySelector("[data-list=changed]")!.TextContent, Does.Contain("Clara Chef").And.Contain("Vorstand"), "the linked demo CEO takes the directory's name and department");
        Assert.That(page.QuerySelector(".directory-preview details")!.TextContent, Does.Contain("cn=backup-service"), "the entry without an e-mail address is named as left out");
        Assert.That(await DirectoryApp.PersonAsync(app, "dora@example.test"), Is.Null, "a preview changes nothing");

        var fingerprint = page.QuerySelector("input[name=fingerprint]")!.GetAttribute("value")!;
        var apply = await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/apply", new() { ["fingerprint"] = fingerprint });
        Assert.That(apply.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(apply.Headers.Location!.ToString(), Is.EqualTo("/admin/directory?applied=true"));

        var clara = await DirectoryApp.PersonAsync(app, "ceo@demo.example");
        var dora = await DirectoryApp.PersonAsync(app, "dora@example.test");
        var henrik = await DirectoryApp.PersonAsync(app, "henrik@example.test");
        Assert.Multiple(() =>
        {
            Assert.That(clara!.Id, Is.EqualTo(ceoBefore!.Id), "the existing account is linked by its address, not duplicated");
            Assert.That(clara.DisplayName, Is.EqualTo("Clara Chef"));
            Assert.That(clara.DirectoryId, Does.Match("^[0-9a-f-]{36}$"), "linked by entryUUID");
            Assert.That(clara.Role, Is.EqualTo("Admin"), "the admins group is mapped to the admin role");
            Assert.That(henrik!.Role, Is.EqualTo("Executive"));
            Assert.That(dora!.Role, Is.EqualTo("Staff"));
            Assert.That(dora.Manager, Is.EqualTo("Henrik Haupt"));
            Assert.That(dora.Department, Is.EqualTo("IT"));
            Assert.That(dora.Title, Is.EqualTo("Entwicklerin"));
            Assert.That(dora.Level, Is.EqualTo(henrik.Level + 1).And.EqualTo(clara.Level + 2));
        });
        Assert.That(await TestData.ScalarAsync<string>(app,
            "SELECT p.name FROM departments d JOIN departments p ON p.id = d.parent_id WHERE d.name = 'IT'"), Is.EqualTo("Vorstand"), "units nest departments");
        Assert.That(await TestData.ScalarAsync<long>(app, "SELECT count(*) FROM audit_log WHERE action = 'directory.synced'"), Is.EqualTo(1));

        var status = await TestData.GetPageAsync(admin, "/admin/directory?applied=true");
        Assert.That(status.QuerySelector(".notice[role=status]")!.TextContent, Does.Contain("applied").Or.Contain("übernommen"));
        Assert.That(status.QuerySelector(".directory-runs tbody tr")!.GetAttribute("data-outcome"), Is.EqualTo("applied"));
        Assert.That(status.DocumentElement.OuterHtml, Does.Not.Contain(Slapd.ReaderPassword), "the bind password is never shown");

        Assert.That((await DirectoryApp.SyncAsync(app)).Status, Is.EqualTo(SyncStatus.Unchanged), "a second sync finds nothing to do");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_leaver_is_deactivated_with_posts_kept_and_comes_back_when_the_directory_holds_them_again(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd);
        Assert.That((await DirectoryApp.SyncAsync(app)).Status, Is.EqualTo(SyncStatus.Applied));
        var sam = (await DirectoryApp.PersonAsync(app, "sam@example.test"))!;
        await TestData.SetPasswordAsync(app, sam.Id);
        var client = await TestData.SignedInClientAsync(app, new TestPerson(sam.Id, sam.Email, sam.DisplayName, TestData.Password));
        var post = await TestData.MicroAsync(client, "Neue Preisliste ist da");

        slapd.Replace(Slapd.PersonDn("sam"), "employeeType", "inactive");
        slapd.Replace(Slapd.PersonDn("dora"), "title", "Architektin");
        var outcome = await DirectoryApp.SyncAsync(app);
        Assert.That(outcome.Status, Is.EqualTo(SyncStatus.Applied));
        Assert.That(outcome.Plan!.Leaving.Select(p => p.Email), Is.EqualTo(new[] { "sam@example.test" }));
        Assert.That((await DirectoryApp.PersonAsync(app, "sam@example.test"))!.IsActive, Is.False);
        Assert.That((await DirectoryApp.PersonAsync(app, "dora@example.test"))!.Title, Is.EqualTo("Architektin"));
        Assert.That(await TestData.ScalarAsync<long>(app, "SELECT count(*) FROM posts WHERE id = @post", new { post }), Is.EqualTo(1), "the leaver's posts stay");
        Assert.That((await client.GetAsync("/")).StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "the leaver's session ended");

        slapd.Replace(Slapd.PersonDn("sam"), "employeeType", "sales");
        outcome = await DirectoryApp.SyncAsync(app);
        Assert.That(outcome.Plan!.Returning.Select(p => p.Email), Is.EqualTo(new[] { "sam@example.test" }));
        Assert.That((await DirectoryApp.PersonAsync(app, "sam@example.test"))!.IsActive, Is.True);
    }

    [Test, CancelAfter(120_000)]
    public async Task Someone_an_admin_deactivated_stays_deactivated_and_a_rehire_with_a_new_entry_gets_the_old_account(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd);
        await DirectoryApp.SyncAsync(app);
        var dora = (await DirectoryApp.PersonAsync(app, "dora@example.test"))!;
        await TestData.DeactivateAsync(app, dora.Id);
        var outcome = await DirectoryApp.SyncAsync(app);
        Assert.That(outcome.Plan!.Returning, Is.Empty);
        Assert.That((await DirectoryApp.PersonAsync(app, "dora@example.test"))!.IsActive, Is.False, "the directory does not undo an admin's deactivation");

        // Sam leaves: his entry is deleted. Rehired, he has a new entry with a new entryUUID and the same address.
        var sam = (await DirectoryApp.PersonAsync(app, "sam@example.test"))!;
        slapd.Delete(Slapd.PersonDn("sam"));
        await DirectoryApp.SyncAsync(app);
        slapd.Add("uid=sam2," + Slapd.People, ("objectClass", "inetOrgPerson"), ("cn", "Sam Sales"), ("sn", "Sales"), ("displayName", "Sam Sales"), ("mail", "sam@example.test"));
        outcome = await DirectoryApp.SyncAsync(app);
        Assert.That(outcome.Status, Is.EqualTo(SyncStatus.Applied));
        var back = (await DirectoryApp.PersonAsync(app, "sam@example.test"))!;
        Assert.That((back.Id, back.IsActive), Is.EqualTo((sam.Id, true)));
        Assert.That(back.DirectoryId, Is.Not.EqualTo(sam.DirectoryId), "linked to the new entry");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_scheduled_sync_that_would_deactivate_many_is_not_applied_but_an_admin_can(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed()
            + string.Concat(Enumerable.Range(1, 8).Select(i => Slapd.Person($"p{i}", $"Person {i}", $"p{i}@example.test", department: "Vertrieb"))));
        await using var app = DirectoryApp.Start(slapd);
        await DirectoryApp.SyncAsync(app);
        foreach (var i in Enumerable.Range(1, 8))
        {
            slapd.Delete(Slapd.PersonDn($"p{i}"));
        }

        var scheduled = await DirectoryApp.SyncAsync(app, scheduled: true);
        Assert.That(scheduled.Status, Is.EqualTo(SyncStatus.Refused));
        Assert.That((await DirectoryApp.PersonAsync(app, "p1@example.test"))!.IsActive, Is.True);
        Assert.That(await TestData.ScalarAsync<string>(app, "SELECT outcome FROM directory_syncs ORDER BY id DESC LIMIT 1"), Is.EqualTo("refused"));
        Assert.That(await TestData.ScalarAsync<long>(app, "SELECT count(*) FROM audit_log WHERE action = 'directory.sync_refused'"), Is.EqualTo(1));

        Assert.That((await DirectoryApp.SyncAsync(app)).Status, Is.EqualTo(SyncStatus.Applied));
        Assert.That((await DirectoryApp.PersonAsync(app, "p1@example.test"))!.IsActive, Is.False);
    }

    [Test, CancelAfter(120_000)]
    public async Task A_directory_with_problems_changes_nothing_and_says_what_to_fix(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed()
            + Slapd.Person("twin", "Dora Zwilling", "dora@example.test")
            + Slapd.Person("x", "<script>alert(1)</script>", "x@example.test", title: "<img src=x onerror=alert(2)>", department: "<b>Dept</b>"));
        await using var app = DirectoryApp.Start(slapd);
        var admin = await TestData.SignedInClientAsync(app, new TestPerson(0, DemoSeeder.AdminEmail, "", DemoSeeder.Password));
        var preview = await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/preview", []);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var html = await preview.Content.ReadAsStringAsync();
        var page = await TestData.ParseAsync(preview);
        Assert.That(page.QuerySelector(".errors")!.TextContent, Does.Contain("dora@example.test").And.Contain("uid=twin"));
        Assert.That(page.QuerySelector("input[name=fingerprint]"), Is.Null, "nothing to apply");
        Assert.That(html, Does.Not.Contain("<script>alert(1)").And.Not.Contain("<img src=x").And.Not.Contain("<b>Dept"), "directory text is escaped");

        Assert.That((await DirectoryApp.SyncAsync(app)).Status, Is.EqualTo(SyncStatus.Invalid));
        Assert.That(await DirectoryApp.PersonAsync(app, "henrik@example.test"), Is.Null, "all or nothing");
    }

    [Test, CancelAfter(120_000)]
    public async Task A_preview_gone_stale_is_shown_again_instead_of_applied_and_a_dead_directory_is_reported(CancellationToken ct)
    {
        var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        await using var app = DirectoryApp.Start(slapd);
        var admin = await TestData.SignedInClientAsync(app, new TestPerson(0, DemoSeeder.AdminEmail, "", DemoSeeder.Password));
        var page = await TestData.ParseAsync(await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/preview", []));
        var fingerprint = page.QuerySelector("input[name=fingerprint]")!.GetAttribute("value")!;
        slapd.Add("uid=late," + Slapd.People, ("objectClass", "inetOrgPerson"), ("cn", "Lara Late"), ("sn", "Late"), ("mail", "late@example.test"));

        var stale = await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/apply", new() { ["fingerprint"] = fingerprint });
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await TestData.ParseAsync(stale)).QuerySelector("[data-list=new]")!.TextContent, Does.Contain("Lara Late"));
        Assert.That(await DirectoryApp.PersonAsync(app, "dora@example.test"), Is.Null);
        Assert.That((await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/apply", new() { ["fingerprint"] = new string('a', 65) })).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));

        await slapd.DisposeAsync();
        var dead = await TestData.PostFormAsync(admin, "/admin/directory", "/admin/directory/preview", []);
        Assert.That(dead.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await TestData.ParseAsync(dead)).QuerySelector("[data-outcome=Failed] .errors")!.TextContent, Does.Contain("directory").IgnoreCase.Or.Contain("verzeichnis").IgnoreCase);
        Assert.That((await DirectoryApp.SyncAsync(app)).Status, Is.EqualTo(SyncStatus.Failed));
        Assert.That(await TestData.ScalarAsync<string>(app, "SELECT outcome FROM directory_syncs ORDER BY id DESC LIMIT 1"), Is.EqualTo("failed"));
    }

    [Test, CancelAfter(120_000)]
    public async Task The_schedule_waits_for_an_admins_first_sync_then_syncs_by_itself_and_never_takes_over_an_account_by_its_address(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed(claraMail: "ceo@demo.example"));
        // A fake time whose timers fire when it moves: the schedule's one-minute waits pass at once.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = DirectoryApp.Start(slapd, more: new() { ["Intranet:Ldap:SyncIntervalMinutes"] = "60" }, clock: clock);
        const string Runs = "SELECT count(*) FROM directory_syncs";
        clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(500, ct);
        Assert.That(await TestData.ScalarAsync<long>(app, Runs), Is.Zero, "nothing runs unseen before an admin's first sync");

        var adminId = await TestData.ScalarAsync<long>(app, "SELECT id FROM users WHERE email = @e", new { e = DemoSeeder.AdminEmail });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The admin's first sync leaves Clara's entry out, as the schedule would: only the people the demo lacks.
            await scope.ServiceProvider.GetRequiredService<DirectorySync>().ApplyAsync(adminId, expectedFingerprint: null, ct);
        }

        slapd.Add("uid=neu," + Slapd.People, ("objectClass", "inetOrgPerson"), ("cn", "Nina Neu"), ("sn", "Neu"), ("mail", "nina@example.test"));
        for (var i = 0; i < 100 && await DirectoryApp.PersonAsync(app, "nina@example.test") is null; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(100, ct);
        }

        Assert.That(await DirectoryApp.PersonAsync(app, "nina@example.test"), Is.Not.Null, "the schedule syncs once an admin has");
        Assert.That(await TestData.ScalarAsync<long>(app, "SELECT count(*) FROM directory_syncs WHERE actor_id IS NULL"), Is.GreaterThanOrEqualTo(1));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_scheduled_sync_leaves_an_existing_account_for_an_admin_to_link_and_no_sync_leaves_no_admin(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed() + Slapd.Person("mallory", "Mallory", DemoSeeder.AdminEmail.ToUpperInvariant(), password: "mallory-pass"));
        await using var app = DirectoryApp.Start(slapd, signIn: true);
        var admin = (await DirectoryApp.PersonAsync(app, DemoSeeder.AdminEmail))!;

        var scheduled = await DirectoryApp.SyncAsync(app, scheduled: true);
        Assert.That(scheduled.Plan!.WaitingLinks.Select(p => p.Email), Is.EqualTo(new[] { DemoSeeder.AdminEmail }));
        Assert.That((await DirectoryApp.PersonAsync(app, DemoSeeder.AdminEmail))!.DirectoryId, Is.Null, "the schedule never takes over an account");
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.That((await TestData.SignInAsync(client, DemoSeeder.AdminEmail, "mallory-pass")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var preview = await TestData.SignedInClientAsync(app, new TestPerson(0, DemoSeeder.AdminEmail, "", DemoSeeder.Password));
        var page = await TestData.ParseAsync(await TestData.PostFormAsync(preview, "/admin/directory", "/admin/directory/preview", []));
        Assert.That(page.QuerySelector("[data-list=changed]")!.TextContent, Does.Contain(admin.DisplayName).And.Contain("Administrator"),
            "the preview names whose account an entry takes over, and its role");

        // Roles from a group none of whose members is a person here: nobody would be an admin any more.
        slapd.Add("cn=ghosts,ou=groups," + Slapd.Suffix, ("objectClass", "groupOfNames"), ("cn", "ghosts"), ("member", "uid=ghost," + Slapd.People));
        await using var mapped = DirectoryApp.Start(slapd, more: new() { ["Intranet:Ldap:AdminGroup"] = "cn=ghosts,ou=groups," + Slapd.Suffix }, seedDemo: false);
        Assert.That((await DirectoryApp.SyncAsync(mapped)).Plan!.Problems.Select(p => p.Message), Has.Some.Contains("no active administrator"));
    }

    [Test, CancelAfter(120_000)]
    public async Task A_directory_photo_becomes_the_profile_picture_but_never_replaces_ones_own_or_passes_a_broken_image(CancellationToken ct)
    {
        await using var slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        slapd.Replace(Slapd.PersonDn("dora"), "jpegPhoto", Images.Jpeg(64, 64));
        slapd.Replace(Slapd.PersonDn("sam"), "jpegPhoto", Images.PngWithCorruptData());
        await using var app = DirectoryApp.Start(slapd);
        await DirectoryApp.SyncAsync(app);
        const string PhotoSql = "SELECT coalesce(photo, '') FROM users WHERE email = @email";
        var dora = await TestData.ScalarAsync<string>(app, PhotoSql, new { email = "dora@example.test" });
        Assert.That(dora, Does.Match("^[0-9a-f]{32}"), "taken through the upload pipeline");
        Assert.That(await TestData.ScalarAsync<string>(app, PhotoSql, new { email = "sam@example.test" }), Is.Empty, "a broken image is not taken");

        await DirectoryApp.SyncAsync(app);
        Assert.That(await TestData.ScalarAsync<string>(app, PhotoSql, new { email = "dora@example.test" }), Is.EqualTo(dora), "an unchanged photo is not taken again");

        slapd.Replace(Slapd.PersonDn("dora"), "jpegPhoto", Images.Jpeg(32, 32));
        await DirectoryApp.SyncAsync(app);
        var replaced = await TestData.ScalarAsync<string>(app, PhotoSql, new { email = "dora@example.test" });
        Assert.That(replaced, Is.Not.EqualTo(dora), "a new directory photo replaces the old directory photo");
        Assert.That(await TestData.ScalarAsync<long>(app, "SELECT count(*) FROM uploads WHERE name = @dora", new { dora }), Is.Zero, "the old one is removed");

        await using (var scope = await app.Service<Intranet.Blog.Infrastructure.Db.Database>().BeginWriteAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(scope.Connection, "UPDATE users SET photo = @replaced WHERE email = 'dora@example.test'", new { replaced = "0123456789abcdef0123456789abcdef.png" }, scope.Transaction);
            await scope.CommitAsync();
        }

        slapd.Replace(Slapd.PersonDn("dora"), "jpegPhoto", Images.Jpeg(48, 48));
        await DirectoryApp.SyncAsync(app);
        Assert.That(await TestData.ScalarAsync<string>(app, PhotoSql, new { email = "dora@example.test" }), Is.EqualTo("0123456789abcdef0123456789abcdef.png"),
            "a photo the person chose stays");
    }
}
