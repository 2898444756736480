using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.AtomFeeds;

/// Atom feeds of the company, a department, a person and a topic, read by a feed reader with the person's token.
public sealed class AtomFeedTests : AppFixture
{
    [Test]
    public async Task The_feeds_page_offers_the_company_and_what_the_person_follows_and_each_feed_holds_its_posts()
    {
        var department = await TestData.DepartmentAsync(App, TestData.Unique("Einkauf"));
        var other = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: department);
        var client = await TestData.SignedInClientAsync(App, person);
        var writer = await TestData.PersonAsync(App, departmentId: other);
        var writerClient = await TestData.SignedInClientAsync(App, writer);
        var topic = TestData.Unique("thema").Replace("-", "", StringComparison.Ordinal);
        var inDepartment = await TestData.MicroAsync(await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: department)), "Neues aus dem Einkauf", department);
        var elsewhere = await TestData.MicroAsync(writerClient, $"Woanders, mit #{topic}", other);
        var topicId = await TestData.ScalarAsync<long>(App, "SELECT id FROM tags WHERE key = @topic", new { topic });
        await TestData.PostFormAsync(client, "/", "/follows", new() { ["kind"] = "person", ["id"] = writer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["follow"] = "true" });
        await TestData.PostFormAsync(client, "/", "/follows", new() { ["kind"] = "topic", ["id"] = topicId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["follow"] = "true" });

        var addresses = await Atom.AddressesAsync(client);
        Assert.That(addresses.Select(a => a.Label), Is.EqualTo(new[] { "Alle Beiträge", await TestData.ScalarAsync<string>(App, "SELECT name FROM departments WHERE id = @department", new { department }), writer.Name, "#" + topic }));

        var company = await Atom.ReadAsync(App, addresses[0].Path);
        Assert.That(Atom.Titles(company), Does.Contain("Neues aus dem Einkauf").And.Contain($"Woanders, mit #{topic}"));
        var entry = company.Root!.Elements(Atom.Ns + "entry").First(e => e.Element(Atom.Ns + "id")!.Value.EndsWith($":post:{inDepartment}", StringComparison.Ordinal));
        Assert.That(entry.Elements(Atom.Ns + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value, Is.EqualTo($"/posts/{inDepartment}"));
        Assert.That(entry.Element(Atom.Ns + "content")!.Value, Does.Contain("Neues aus dem Einkauf"));

        Assert.That(Atom.Titles(await Atom.ReadAsync(App, addresses[1].Path)), Is.EqualTo(new[] { "Neues aus dem Einkauf" }), "the department's own posts only");
        Assert.That(Atom.Titles(await Atom.ReadAsync(App, addresses[2].Path)), Is.EqualTo(new[] { $"Woanders, mit #{topic}" }), "the person's posts only");
        Assert.That(Atom.Titles(await Atom.ReadAsync(App, addresses[3].Path)), Is.EqualTo(new[] { $"Woanders, mit #{topic}" }), "the topic's posts only");
        Assert.That(elsewhere, Is.GreaterThan(inDepartment));
    }

    [Test]
    public async Task Deactivating_ends_a_feed_token_for_good_and_topic_keys_fold_as_on_the_topic_pages()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Intranet.Blog.Infrastructure.Auth.Roles.Admin));
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);
        var topic = "Übergabe" + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal);
        await TestData.MicroAsync(client, $"Zur #{topic}");
        var token = Atom.Token((await Atom.AddressesAsync(client))[0].Path);
        Assert.That(Atom.Titles(await Atom.ReadAsync(App, $"/atom/topics/{Uri.EscapeDataString(topic.ToUpperInvariant())}.atom?token={token}")), Is.EqualTo(new[] { $"Zur #{topic}" }));
        Assert.That(await Atom.StatusAsync(App, $"/atom/topics/{Uri.EscapeDataString(topic.Normalize(System.Text.NormalizationForm.FormD))}.atom?token={token}"), Is.EqualTo(HttpStatusCode.OK));

        await TestData.PostFormAsync(admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/deactivate", []);
        await TestData.PostFormAsync(admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/reactivate", []);

        Assert.That(await Atom.StatusAsync(App, "/atom/company.atom?token=" + token), Is.EqualTo(HttpStatusCode.NotFound), "reactivation revives no feed address");
    }

    [Test]
    public async Task Hidden_and_deleted_posts_are_not_in_a_feed()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var hidden = await TestData.MicroAsync(client, TestData.Unique("Verborgen"));
        var kept = await TestData.MicroAsync(client, TestData.Unique("Sichtbar"));
        await using (var connection = await App.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE posts SET hidden_at = 1 WHERE id = @hidden", new { hidden });
        }

        var ids = (await Atom.ReadAsync(App, (await Atom.AddressesAsync(client))[0].Path)).Root!.Elements(Atom.Ns + "entry").Select(e => e.Element(Atom.Ns + "id")!.Value).ToList();
        Assert.That(ids, Has.Some.EndsWith($":post:{kept}"));
        Assert.That(ids, Has.None.EndsWith($":post:{hidden}"));
    }

    [Test]
    public async Task A_feed_needs_a_current_token_of_an_active_person_and_renewing_ends_the_old_addresses()
    {
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);
        var path = (await Atom.AddressesAsync(client))[0].Path;
        Assert.That(await Atom.StatusAsync(App, path), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Atom.StatusAsync(App, "/atom/company.atom"), Is.EqualTo(HttpStatusCode.NotFound), "no token");
        Assert.That(await Atom.StatusAsync(App, path[..^2] + "zz"), Is.EqualTo(HttpStatusCode.NotFound), "a changed token");
        Assert.That(await Atom.StatusAsync(App, "/atom/departments/999999999.atom?token=" + Atom.Token(path)), Is.EqualTo(HttpStatusCode.NotFound), "no such department");

        var renewed = await TestData.PostFormAsync(client, "/feeds", "/feeds/renew", []);
        Assert.That(renewed.Headers.Location!.OriginalString, Is.EqualTo("/feeds?renewed=true"));
        var fresh = (await Atom.AddressesAsync(client))[0].Path;
        Assert.That(fresh, Is.Not.EqualTo(path));
        Assert.That(await Atom.StatusAsync(App, path), Is.EqualTo(HttpStatusCode.NotFound), "the old address stopped working");
        Assert.That(await Atom.StatusAsync(App, fresh), Is.EqualTo(HttpStatusCode.OK));

        await TestData.DeactivateAsync(App, person.Id);
        Assert.That(await Atom.StatusAsync(App, fresh), Is.EqualTo(HttpStatusCode.NotFound), "a deactivated person's feeds stop");
    }

    [Test]
    public async Task The_feeds_page_makes_no_token_until_asked_and_a_feed_token_opens_nothing_else()
    {
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);
        var page = await TestData.GetPageAsync(client, "/feeds");
        Assert.That(page.QuerySelector("form[action='/feeds/renew'] button")!.TextContent, Is.EqualTo("Meine Feed-Adressen erstellen"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM feed_tokens WHERE user_id = @Id", person), Is.Zero);

        var token = Atom.Token((await Atom.AddressesAsync(client))[0].Path);
        var stranger = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var path in new[] { "/?token=", "/feeds?token=", "/notifications?token=", "/mail/settings?token=" })
        {
            var response = await stranger.GetAsync(path + token);
            Assert.That(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/signin", StringComparison.Ordinal), Is.True, path);
        }

        Assert.That((await stranger.GetAsync("/mail/unsubscribe?token=" + token)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await stranger.GetAsync("/account/set-password?token=" + token)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
