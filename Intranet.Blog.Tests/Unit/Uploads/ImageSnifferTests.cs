using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Unit.Uploads;

public sealed class ImageSnifferTests
{
    [Test]
    public void A_complete_png_is_a_png() => Assert.That(ImageSniffer.Detect(Images.Png(3, 2)), Is.EqualTo(ImageSniffer.Png));

    [Test]
    public void A_complete_jpeg_is_a_jpeg() => Assert.That(ImageSniffer.Detect(Images.Jpeg()), Is.EqualTo(ImageSniffer.Jpeg));

    [Test]
    public void A_jpeg_with_byte_stuffing_and_restart_markers_in_its_scan_is_a_jpeg() =>
        Assert.That(ImageSniffer.Detect(Images.JpegSegments()), Is.EqualTo(ImageSniffer.Jpeg));

    [Test]
    public void A_complete_webp_is_a_webp() => Assert.That(ImageSniffer.Detect(Images.WebP()), Is.EqualTo(ImageSniffer.WebP));

    [TestCase("png", "image/png", ".png")]
    [TestCase("jpeg", "image/jpeg", ".jpg")]
    [TestCase("webp", "image/webp", ".webp")]
    public void Extensions_follow_the_content_type(string kind, string contentType, string extension)
    {
        var detected = ImageSniffer.Detect(Good(kind));

        Assert.That(detected, Is.Not.Null);
        Assert.That((detected!.ContentType, detected.Extension), Is.EqualTo((contentType, extension)));
        Assert.That(ImageSniffer.FromContentType(detected.ContentType), Is.EqualTo(detected), "the stored content type leads back to the same kind");
    }

    [TestCase("just some notes, renamed to photo.png")]
    [TestCase("")]
    [TestCase("RIFF")]
    public void Text_is_not_an_image(string text) => Assert.That(ImageSniffer.Detect(Images.Text(text)), Is.Null);

    [Test]
    public void Html_is_not_an_image() => Assert.That(ImageSniffer.Detect(Images.Html), Is.Null);

    [Test]
    public void Svg_is_not_accepted() => Assert.That(ImageSniffer.Detect(Images.Svg), Is.Null);

    [Test]
    public void Gif_is_not_accepted() => Assert.That(ImageSniffer.Detect(Images.Gif()), Is.Null);

    [TestCase("png")]
    [TestCase("jpeg")]
    [TestCase("webp")]
    public void A_truncated_image_is_refused(string kind)
    {
        var image = Good(kind);
        foreach (var cut in new[] { 1, 2, 5, image.Length / 2 })
        {
            Assert.That(ImageSniffer.Detect(image.AsSpan(0, image.Length - cut)), Is.Null, $"{kind} without its last {cut} bytes");
        }
    }

    [TestCase("png")]
    [TestCase("jpeg")]
    [TestCase("webp")]
    public void An_image_with_html_appended_is_refused(string kind) =>
        Assert.That(ImageSniffer.Detect(Images.WithTrailing(Good(kind))), Is.Null);

    [Test]
    public void A_png_whose_first_chunk_is_not_ihdr_is_refused()
    {
        var png = Images.Png();
        png[12] = (byte)'X'; // IHDR → XHDR
        Assert.That(ImageSniffer.Detect(png), Is.Null);
    }

    [Test]
    public void A_png_signature_followed_by_html_is_refused() =>
        Assert.That(ImageSniffer.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Images.Html]), Is.Null);

    [Test]
    public void A_jpeg_start_followed_by_html_is_refused() =>
        Assert.That(ImageSniffer.Detect([0xFF, 0xD8, 0xFF, 0xE0, .. Images.Html, 0xFF, 0xD9]), Is.Null);

    [TestCase(2)]
    [TestCase(-2)]
    [TestCase(100)]
    public void A_webp_whose_riff_size_does_not_match_is_refused(int adjustment)
    {
        var webp = Images.Riff("WEBP", [Images.Chunk4("VP8L", [0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00])], adjustment);
        Assert.That(ImageSniffer.Detect(webp), Is.Null);
    }

    [Test]
    public void A_riff_file_that_is_not_webp_is_refused() =>
        Assert.That(ImageSniffer.Detect(Images.Riff("WAVE", [Images.Chunk4("fmt ", new byte[16])])), Is.Null);

    [Test]
    public void A_webp_without_a_vp8_chunk_is_refused() =>
        Assert.That(ImageSniffer.Detect(Images.Riff("WEBP", [Images.Chunk4("ABCD", new byte[14])])), Is.Null);

    private static byte[] Good(string kind) => kind switch
    {
        "png" => Images.Png(4, 4),
        "jpeg" => Images.Jpeg(),
        _ => Images.WebP(),
    };
}
