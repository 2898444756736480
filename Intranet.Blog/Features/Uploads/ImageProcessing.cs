using SkiaSharp;

namespace Intranet.Blog.Features.Uploads;

/// An image as it is stored: decoded and encoded again, with square renditions for avatars when asked for.
public sealed record ProcessedImage(ImageKind Kind, byte[] Content, IReadOnlyDictionary<int, byte[]> Renditions);

/// Every uploaded image is decoded and encoded again (SkiaSharp), so nothing of the file survives but its pixels: no
/// EXIF, GPS position, camera serial or comment, and no bytes a browser could read as something else. The EXIF
/// orientation is applied to the pixels first (the tag itself is gone afterwards), and the longest side is capped.
/// The sniffer has decided the type before this runs; a file it accepts that does not decode is refused here.
public static class ImageProcessing
{
    public const int MaxSide = 2048;

    /// Avatars are shown at about 42 px (cards, comments: the 64 px rendition) and 80 px (profiles: 256 px, sharp on
    /// high-density screens), cut square from the middle as the round frame shows them.
    public static readonly int[] AvatarSizes = [64, 256];

    // A 2 MB file can declare a huge canvas (a flat PNG compresses almost to nothing); decoding 25 megapixels takes
    // 100 MB, which is as far as one upload may go.
    private const long MaxPixels = 25_000_000;
    private const int Quality = 85;

    /// Null when the bytes do not decode as the sniffed kind, or declare more pixels than allowed.
    public static ProcessedImage? Process(ImageKind kind, byte[] content, bool avatarRenditions)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null || FormatOf(kind) != codec.EncodedFormat || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return null;
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var capped = Fit(upright, MaxSide);
        var renditions = avatarRenditions
            ? AvatarSizes.ToDictionary(size => size, size => Encode(Square(capped, size), kind, dispose: true))
            : new Dictionary<int, byte[]>();
        return new ProcessedImage(kind, Encode(capped, kind, dispose: false), renditions);
    }

    private static SKEncodedImageFormat FormatOf(ImageKind kind) =>
        kind == ImageSniffer.Png ? SKEncodedImageFormat.Png : kind == ImageSniffer.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp;

    // JPEG and WebP decode at a reduced scale directly when the picture is far larger than it will be stored.
    private static SKBitmap? Decode(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var size = longest > MaxSide ? codec.GetScaledDimensions((float)MaxSide / longest) : codec.Info.Size;
        if (size.Width < 1 || size.Height < 1 || Math.Max(size.Width, size.Height) < Math.Min(MaxSide, longest))
        {
            size = codec.Info.Size;
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    // How the camera held it (EXIF orientation) → pixels that stand upright. Canvas calls apply last-first to a point.
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source.Copy();
        }

        var sideways = origin >= SKEncodedOrigin.LeftTop;
        var (w, h) = sideways ? (source.Height, source.Width) : (source.Width, source.Height);
        var result = new SKBitmap(new SKImageInfo(w, h, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(w, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(w, h); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, h); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(w, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(w, h); canvas.RotateDegrees(90); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, h); canvas.RotateDegrees(270); break;
        }

        canvas.DrawBitmap(source, new SKPoint(0, 0), new SKSamplingOptions(SKFilterMode.Nearest), null);
        return result;
    }

    private static SKBitmap Fit(SKBitmap source, int maxSide)
    {
        var longest = Math.Max(source.Width, source.Height);
        if (longest <= maxSide)
        {
            return source.Copy();
        }

        var scale = (double)maxSide / longest;
        var size = new SKSizeI(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        return source.Resize(size, new SKSamplingOptions(SKCubicResampler.Mitchell));
    }

    private static SKBitmap Square(SKBitmap source, int size)
    {
        var side = Math.Min(source.Width, source.Height);
        var from = SKRect.Create((source.Width - side) / 2f, (source.Height - side) / 2f, side, side);
        var result = new SKBitmap(new SKImageInfo(size, size, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(result);
        canvas.DrawBitmap(source, from, SKRect.Create(size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        return result;
    }

    private static byte[] Encode(SKBitmap bitmap, ImageKind kind, bool dispose)
    {
        try
        {
            using var pixels = bitmap.PeekPixels();
            using var data = pixels.Encode(FormatOf(kind), Quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {kind.ContentType}");
            return data.ToArray();
        }
        finally
        {
            if (dispose)
            {
                bitmap.Dispose();
            }
        }
    }
}
