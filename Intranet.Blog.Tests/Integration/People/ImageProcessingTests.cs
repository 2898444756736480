using System.Net;
using System.Text;
using System.Text.Json;
using Intranet.Blog.Tests.Support;
using SkiaSharp;

namespace Intranet.Blog.Tests.Integration.People;

/// What is stored of an uploaded image: its pixels, upright, at most 2,048 px on the longest side, and nothing else.
public sealed class ImageProcessingTests : AppFixture
{
    private static Task<HttpResponseMessage> SavePhotoAsync(HttpClient client, UploadFile photo) =>
        Uploads.PostMultipartAsync(client, "/people/me/edit", "/people/me/edit", new() { ["bio"] = "", ["phone"] = "", ["location"] = "" }, "photo", photo);

    private async Task<string> PhotoOfAsync(TestPerson person) =>
        await TestData.ScalarAsync<string>(App, "SELECT photo FROM users WHERE id = @Id", person);

    private byte[] Stored(string name) => File.ReadAllBytes(Path.Combine(Uploads.Directory(App), name));

    [Test]
    public async Task A_phone_photo_loses_its_exif_and_position_and_stands_upright()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        // Stored landscape (left half red), to be shown turned 90° clockwise: upright, the red half is on top.
        var photo = Images.JpegWithExif(40, 20, orientation: 6, description: "Hinterhof Musterstrasse 5");

        var response = await SavePhotoAsync(client, new UploadFile("IMG_0001.jpg", photo, "image/jpeg"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var stored = Stored(await PhotoOfAsync(me));
        var text = Encoding.Latin1.GetString(stored);
        Assert.That(text, Does.Not.Contain("Exif").And.Not.Contain("Musterstrasse"), "no EXIF segment (position, description) is left");
        using var bitmap = SKBitmap.Decode(stored);
        using var codec = SKCodec.Create(new SKMemoryStream(stored));
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((20, 40)), "the orientation is in the pixels");
        Assert.That(codec.EncodedOrigin, Is.EqualTo(SKEncodedOrigin.TopLeft));
        Assert.That(bitmap.GetPixel(10, 5).Red, Is.GreaterThan(200), "red on top");
        Assert.That(bitmap.GetPixel(10, 35).Blue, Is.GreaterThan(200), "blue below");
    }

    [Test]
    public async Task An_article_image_is_capped_at_2048_pixels_on_its_longest_side()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var response = await Uploads.PostMultipartAsync(client, "/posts/new", "/uploads", new() { ["description"] = "" }, "image",
            new UploadFile("panorama.png", Images.LargePng(3000, 1000), "image/png"), "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var stored = SKBitmap.Decode(Stored(json.RootElement.GetProperty("url").GetString()![9..]));
        Assert.That((stored.Width, stored.Height), Is.EqualTo((2048, 683)));
        Assert.That(stored.GetPixel(10, 10).Alpha, Is.Zero, "a PNG keeps its transparency");
    }

    [Test]
    public async Task Avatars_are_served_from_64_and_256_pixel_renditions_never_the_original()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        await SavePhotoAsync(client, new UploadFile("ich.jpg", Images.Jpeg(1200, 800), "image/jpeg"));
        await TestData.MicroAsync(client, "Mit Foto");
        var photo = await PhotoOfAsync(me);
        var name = Path.GetFileNameWithoutExtension(photo);

        var card = (await TestData.GetPageAsync(client, $"/?author={me.Id}")).QuerySelector("article[data-post-id] img.avatar")!.GetAttribute("src");
        var profile = (await TestData.GetPageAsync(client, $"/people/{me.Id}")).QuerySelector(".profile-head img.avatar")!.GetAttribute("src");

        Assert.That(card, Is.EqualTo($"/uploads/{name}-64.jpg"));
        Assert.That(profile, Is.EqualTo($"/uploads/{name}-256.jpg"));
        foreach (var (url, size) in new[] { (card!, 64), (profile!, 256) })
        {
            var served = await client.GetAsync(url);
            Assert.That(served.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/jpeg"));
            using var bitmap = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync());
            Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((size, size)), url);
        }
    }

    [Test]
    public async Task Removing_a_photo_removes_its_renditions()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        await SavePhotoAsync(client, new UploadFile("ich.png", Images.LargePng(300, 300), "image/png"));
        var photo = await PhotoOfAsync(me);

        await SavePhotoAsync(client, new UploadFile("neu.png", Images.LargePng(300, 300), "image/png"));

        var name = Path.GetFileNameWithoutExtension(photo);
        Assert.That(Directory.GetFiles(Uploads.Directory(App), name + "*"), Is.Empty);
        Assert.That((await client.GetAsync($"/uploads/{name}-64.png")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_photo_stored_before_images_were_processed_is_scrubbed_and_gets_its_renditions()
    {
        var me = await TestData.PersonAsync(App);
        var name = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + ".jpg";
        Directory.CreateDirectory(Uploads.Directory(App));
        await File.WriteAllBytesAsync(Path.Combine(Uploads.Directory(App), name), Images.JpegWithExif(40, 20, orientation: 6, description: "Altes Foto vom Balkon"));
        await Uploads.ExecuteAsync(App, """
            INSERT INTO uploads (name, owner_id, purpose, content_type, bytes, created_at, processed) VALUES (@name, @Id, 'photo', 'image/jpeg', 1, 0, 0);
            UPDATE users SET photo = @name WHERE id = @Id;
            """, new { name, me.Id });

        await App.Service<Blog.Features.Uploads.UploadScrubber>().ScrubAllAsync(CancellationToken.None);

        Assert.That(Encoding.Latin1.GetString(Stored(name)), Does.Not.Contain("Exif").And.Not.Contain("Balkon"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT processed FROM uploads WHERE name = @name", new { name }), Is.EqualTo(1));
        var client = await TestData.SignedInClientAsync(App, me);
        var src = (await TestData.GetPageAsync(client, $"/people/{me.Id}")).QuerySelector(".profile-head img.avatar")!.GetAttribute("src")!;
        Assert.That((await client.GetAsync(src)).StatusCode, Is.EqualTo(HttpStatusCode.OK), src);
    }

    [Test]
    public async Task An_image_stored_before_images_were_processed_that_does_not_decode_is_no_longer_served_with_its_metadata()
    {
        var me = await TestData.PersonAsync(App);
        var name = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + ".jpg";
        Directory.CreateDirectory(Uploads.Directory(App));
        var exif = Images.JpegWithExif(40, 20, orientation: 1, description: "Balkon in der Gartenstrasse 5");
        await File.WriteAllBytesAsync(Path.Combine(Uploads.Directory(App), name), exif[..(exif.Length / 2)]);
        await Uploads.ExecuteAsync(App, "INSERT INTO uploads (name, owner_id, purpose, content_type, bytes, created_at, processed) VALUES (@name, @Id, 'article', 'image/jpeg', 1, 0, 0)", new { name, me.Id });

        await App.Service<Blog.Features.Uploads.UploadScrubber>().ScrubAllAsync(CancellationToken.None);

        var client = await TestData.SignedInClientAsync(App, me);
        Assert.That((await client.GetAsync($"/uploads/{name}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the truncated photo with its EXIF text is not served");
        var withheld = App.Service<Blog.Features.Uploads.UploadFiles>().WithheldDirectory;
        Assert.That(File.Exists(Path.Combine(withheld, name)), Is.True, "the file is kept beside the uploads for an admin");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT processed FROM uploads WHERE name = @name", new { name }), Is.EqualTo(1), "a restart does not try again");
    }

    [TestCase("corrupt")]
    [TestCase("bomb")]
    public async Task A_file_the_sniffer_passes_but_that_does_not_decode_within_limits_is_refused_and_nothing_is_kept(string kind)
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var files = Uploads.FileCount(App);
        var image = kind == "corrupt" ? new UploadFile("kaputt.png", Images.PngWithCorruptData(), "image/png") : new UploadFile("riesig.png", Images.PngClaiming(20_000, 20_000), "image/png");

        var response = await SavePhotoAsync(client, image);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("25 Megapixel"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM uploads WHERE owner_id = @Id", me), Is.Zero);
        Assert.That(Uploads.FileCount(App), Is.EqualTo(files));
    }
}
