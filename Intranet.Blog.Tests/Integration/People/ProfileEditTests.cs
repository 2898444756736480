using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

public sealed class ProfileEditTests : AppFixture
{
    private const string EditUrl = "/people/me/edit";

    private Task<HttpResponseMessage> SaveAsync(HttpClient client, Dictionary<string, string> fields, UploadFile? photo = null) =>
        Uploads.PostMultipartAsync(client, EditUrl, EditUrl, fields, "photo", photo);

    private static Dictionary<string, string> Fields(string bio = "", string phone = "", string location = "") =>
        new() { ["bio"] = bio, ["phone"] = phone, ["location"] = location };

    private Task<string> ColumnAsync(long id, string column) =>
        TestData.ScalarAsync<string>(App, $"SELECT COALESCE({column}, '') FROM users WHERE id = @id", new { id });

    [Test]
    public async Task A_person_edits_their_own_bio_phone_and_location()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);

        var response = await SaveAsync(client, Fields("Ich mag Äpfel.\nUnd Birnen.", "+49 (0)89 / 123-45", "München, Raum 3.14"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo($"/people/{me.Id}"));
        Assert.That(await ColumnAsync(me.Id, "bio"), Is.EqualTo("Ich mag Äpfel.\nUnd Birnen."));
        Assert.That(await ColumnAsync(me.Id, "phone"), Is.EqualTo("+49 (0)89 / 123-45"));
        Assert.That(await ColumnAsync(me.Id, "location"), Is.EqualTo("München, Raum 3.14"));
        var audited = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'person.profile_updated' AND target = @target AND actor_id = @id",
            new { target = $"user:{me.Id}", id = me.Id });
        Assert.That(audited, Is.EqualTo(1));
    }

    [Test]
    public async Task The_form_shows_the_current_values()
    {
        var me = await TestData.PersonAsync(App);
        await Uploads.ExecuteAsync(App, "UPDATE users SET bio = 'Alt', phone = '0123', location = 'Bonn' WHERE id = @id", new { id = me.Id });
        var page = await TestData.GetPageAsync(await TestData.SignedInClientAsync(App, me), EditUrl);

        Assert.That(page.QuerySelector("textarea#bio")!.TextContent, Is.EqualTo("Alt"));
        Assert.That(page.QuerySelector("input#phone")!.GetAttribute("value"), Is.EqualTo("0123"));
        Assert.That(page.QuerySelector("input#location")!.GetAttribute("value"), Is.EqualTo("Bonn"));
        Assert.That(page.QuerySelector("input[name=id]"), Is.Null, "no id: the form only ever edits its sender");
    }

    [TestCase("bio", 1001, "Über mich")]
    [TestCase("phone", 41, "Telefon")]
    [TestCase("location", 101, "Standort")]
    public async Task Too_long_fields_are_refused_with_the_input_kept_and_nothing_stored(string field, int length, string label)
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var fields = Fields("Neue Bio", "0123", "Neuer Ort");
        fields[field] = new string('1', length);

        var response = await SaveAsync(client, fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain(label));
        Assert.That(page.QuerySelector("textarea#bio")!.TextContent, Is.EqualTo(fields["bio"]));
        Assert.That(page.QuerySelector("input#location")!.GetAttribute("value"), Is.EqualTo(fields["location"]));
        Assert.That(await ColumnAsync(me.Id, "bio"), Is.Empty);
        Assert.That(await ColumnAsync(me.Id, "location"), Is.Empty);
    }

    [TestCase("030 12345 x")]
    [TestCase("+49 30 <script>")]
    [TestCase("tel:0301234")]
    public async Task A_phone_with_other_characters_is_refused(string phone)
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);

        var response = await SaveAsync(client, Fields("Bio bleibt", phone));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain("Telefon darf nur Ziffern"));
        Assert.That(page.QuerySelector("input#phone")!.GetAttribute("value"), Is.EqualTo(phone));
        Assert.That(await ColumnAsync(me.Id, "phone"), Is.Empty);
        Assert.That(await ColumnAsync(me.Id, "bio"), Is.Empty);
    }

    [Test]
    public async Task An_id_sent_along_changes_nothing_for_anybody_else()
    {
        var other = await TestData.PersonAsync(App);
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var fields = Fields("Gehackt");
        fields["id"] = other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await SaveAsync(client, fields);

        Assert.That(await ColumnAsync(other.Id, "bio"), Is.Empty);
        Assert.That(await ColumnAsync(me.Id, "bio"), Is.EqualTo("Gehackt"));
    }

    [Test]
    public async Task Anonymous_posts_are_refused()
    {
        var response = await App.CreateClient(new() { AllowAutoRedirect = false })
            .PostAsync(EditUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["bio"] = "x" }));
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized));
    }

    [TestCase("png", "portrait.png", "image/png")]
    [TestCase("jpeg", "portrait.jpg", "image/jpeg")]
    [TestCase("webp", "portrait.webp", "image/webp")]
    public async Task A_photo_of_each_type_is_stored_and_served_with_its_type_in_a_sandbox(string kind, string fileName, string contentType)
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var image = kind switch { "png" => Images.Png(2, 2), "jpeg" => Images.Jpeg(), _ => Images.WebP() };

        // The browser's claimed type is ignored: the bytes decide.
        var response = await SaveAsync(client, Fields(), new UploadFile(fileName, image, "text/html"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var photo = await ColumnAsync(me.Id, "photo");
        Assert.That(photo, Does.Match("^[0-9a-f]{32}\\.(png|jpg|webp)$"));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT content_type FROM uploads WHERE name = @photo AND owner_id = @id AND purpose = 'photo'", new { photo, id = me.Id }),
            Is.EqualTo(contentType));
        var stored = await File.ReadAllBytesAsync(Path.Combine(Uploads.Directory(App), photo));
        Assert.That(Blog.Features.Uploads.ImageSniffer.Detect(stored)?.ContentType, Is.EqualTo(contentType), "encoded again as the same type");

        var served = await client.GetAsync($"/uploads/{photo}");
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(served.Content.Headers.ContentType!.MediaType, Is.EqualTo(contentType));
        Assert.That(served.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        var cache = served.Headers.CacheControl!;
        Assert.That((cache.Private, cache.MaxAge, cache.Extensions.Select(e => e.Name)), Is.EqualTo((true, (TimeSpan?)TimeSpan.FromDays(365), new[] { "immutable" })));
        Assert.That(served.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo("default-src 'none'; sandbox"));
        Assert.That(await served.Content.ReadAsByteArrayAsync(), Is.EqualTo(stored));

        var profile = await TestData.GetPageAsync(client, $"/people/{me.Id}");
        var name = Path.GetFileNameWithoutExtension(photo);
        Assert.That(profile.QuerySelector(".profile-head img.avatar")!.GetAttribute("src"), Is.EqualTo($"/uploads/{name}-256{Path.GetExtension(photo)}"));
        Assert.That((await TestData.GetPageAsync(client, "/")).QuerySelector(".user-menu img.avatar")!.GetAttribute("src"), Is.EqualTo($"/uploads/{name}-64{Path.GetExtension(photo)}"));
    }

    [Test]
    public async Task Replacing_a_photo_deletes_the_old_file_and_row_and_removing_it_deletes_the_new_one()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        await SaveAsync(client, Fields(), new UploadFile("eins.png", Images.Png(), "image/png"));
        var first = await ColumnAsync(me.Id, "photo");

        await SaveAsync(client, Fields(), new UploadFile("zwei.png", Images.Png(3, 3), "image/png"));
        var second = await ColumnAsync(me.Id, "photo");

        Assert.That(second, Is.Not.EqualTo(first).And.Not.Empty);
        Assert.That(File.Exists(Path.Combine(Uploads.Directory(App), first)), Is.False);
        Assert.That(File.Exists(Path.Combine(Uploads.Directory(App), second)), Is.True);
        Assert.That(await Uploads.RowCountAsync(App, me.Id), Is.EqualTo(1));
        Assert.That((await client.GetAsync($"/uploads/{first}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var fields = Fields();
        fields["removePhoto"] = "true";
        await SaveAsync(client, fields);

        Assert.That(await ColumnAsync(me.Id, "photo"), Is.Empty);
        Assert.That(File.Exists(Path.Combine(Uploads.Directory(App), second)), Is.False);
        Assert.That(await Uploads.RowCountAsync(App, me.Id), Is.Zero);
    }

    [TestCase("notes.png", "text", "nur PNG")]
    [TestCase("page.jpg", "html", "nur PNG")]
    [TestCase("vector.png", "svg", "nur PNG")]
    [TestCase("animation.png", "gif", "nur PNG")]
    [TestCase("polyglot.png", "polyglot", "nur PNG")]
    [TestCase("cut.webp", "truncated", "nur PNG")]
    [TestCase("big.png", "oversized", "höchstens 2 MB")]
    [TestCase("../../etc/photo.png", "png", "keinen Pfad")]
    [TestCase("..\\photo.png", "png", "keinen Pfad")]
    [TestCase("dir/photo.png", "png", "keinen Pfad")]
    public async Task A_bad_photo_is_refused_with_a_clear_error_and_nothing_stored(string fileName, string content, string message)
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var bytes = content switch
        {
            "text" => Images.Text("Einkaufsliste: Milch, Brot"),
            "html" => Images.Html,
            "svg" => Images.Svg,
            "gif" => Images.Gif(),
            "polyglot" => Images.WithTrailing(Images.Png()),
            "truncated" => Images.WebP()[..^4],
            "oversized" => Images.WithTrailing(new byte[2 * 1024 * 1024]),
            _ => Images.Png(),
        };
        var files = Uploads.FileCount(App);

        var response = await SaveAsync(client, Fields("Meine Bio"), new UploadFile(fileName, bytes, "image/png"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain(message));
        Assert.That(page.QuerySelector("textarea#bio")!.TextContent, Is.EqualTo("Meine Bio"), "input kept");
        Assert.That(await Uploads.RowCountAsync(App, me.Id), Is.Zero);
        Assert.That(Uploads.FileCount(App), Is.EqualTo(files));
        Assert.That(await ColumnAsync(me.Id, "photo"), Is.Empty);
        Assert.That(await ColumnAsync(me.Id, "bio"), Is.Empty);
    }

    [Test]
    public async Task Cards_comments_and_the_post_page_show_the_authors_photo_and_link_to_the_profile()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        await SaveAsync(client, Fields(), new UploadFile("ich.png", Images.Png(), "image/png"));
        var photo = Blog.Features.Uploads.UploadFiles.RenditionName(await ColumnAsync(me.Id, "photo"), 64);
        var post = await TestData.MicroAsync(client, "Mit Foto");
        var comment = await TestData.CommentAsync(client, post, "Auch mit Foto");

        var feed = await TestData.GetPageAsync(client, $"/?author={me.Id}");
        Assert.That(feed.QuerySelector($"#post-{post} .byline img.avatar")!.GetAttribute("src"), Is.EqualTo($"/uploads/{photo}"));
        Assert.That(feed.QuerySelector($"#post-{post} .byline a.name")!.GetAttribute("href"), Is.EqualTo($"/people/{me.Id}"));
        var page = await TestData.GetPageAsync(client, $"/posts/{post}");
        Assert.That(page.QuerySelector($"#comment-{comment} .byline img.avatar")!.GetAttribute("src"), Is.EqualTo($"/uploads/{photo}"));
        Assert.That(page.QuerySelector($"#comment-{comment} .byline a.name")!.GetAttribute("href"), Is.EqualTo($"/people/{me.Id}"));
        Assert.That(page.QuerySelector(".post-page > .byline img.avatar")!.GetAttribute("src"), Is.EqualTo($"/uploads/{photo}"));
    }

    [Test]
    public async Task The_live_card_carries_the_authors_photo_and_nothing_of_the_viewer()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        await SaveAsync(client, Fields(), new UploadFile("ich.png", Images.Png(), "image/png"));
        var photo = Blog.Features.Uploads.UploadFiles.RenditionName(await ColumnAsync(me.Id, "photo"), 64);
        var before = await TestData.ScalarAsync<long>(App, "SELECT COALESCE(MAX(id), 0) FROM events");
        var post = await TestData.MicroAsync(client, "Live mit Foto");
        var reader = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        using var json = System.Text.Json.JsonDocument.Parse(await reader.GetStringAsync($"/live/events?after={before}"));
        var created = json.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("targetId").GetInt64() == post);
        Assert.That(created.GetProperty("html").EnumerateObject().Count(), Is.GreaterThan(0));
        // Catch-up renders the reader's culture only; live pushes render both through the same partial.
        foreach (var fragment in created.GetProperty("html").EnumerateObject())
        {
            var (culture, html) = (fragment.Name, fragment.Value.GetString()!);
            Assert.That(html, Does.Contain($"src=\"/uploads/{photo}\"").And.Contain($"href=\"/people/{me.Id}\""), culture);
            Assert.That(html, Does.Not.Contain("__RequestVerificationToken"), culture);
        }
    }
}
