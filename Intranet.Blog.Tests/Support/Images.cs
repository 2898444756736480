using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Intranet.Blog.Tests.Support;

/// Small but complete images built in code, and the broken files uploads must refuse.
public static class Images
{
    /// A real, decodable PNG of width × height pixels in one colour.
    public static byte[] Png(int width = 1, int height = 1, byte red = 0x1f, byte green = 0x5f, byte blue = 0xbf)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // no filter
            for (var x = 0; x < width; x++)
            {
                raw.Write([red, green, blue]);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// A PNG whose header declares width × height but whose pixel data is one tiny row: complete for the sniffer, a
    /// decompression bomb's header for the decoder.
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(1, 1);
        var header = png.AsSpan(16, 8);
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17).ToArray()));
        return png;
    }

    /// A PNG complete in its structure (chunks, checksums) whose pixel data is not zlib at all: only a decoder notices.
    public static byte[] PngWithCorruptData()
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(output, "IHDR", [0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0, 0, 0]);
        Chunk(output, "IDAT", Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>"));
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// A real, decodable JPEG of width × height pixels: the left half red, the right half blue (so orientation shows).
    public static byte[] Jpeg(int width = 2, int height = 2) => Encode(width, height, SkiaSharp.SKEncodedImageFormat.Jpeg);

    /// A real PNG with a transparent left half, of any size (SkiaSharp; Png() above builds one byte by byte).
    public static byte[] LargePng(int width, int height) => Encode(width, height, SkiaSharp.SKEncodedImageFormat.Png);

    private static byte[] Encode(int width, int height, SkiaSharp.SKEncodedImageFormat format)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.Blue);
            using var red = new SkiaSharp.SKPaint { Color = format == SkiaSharp.SKEncodedImageFormat.Png ? SkiaSharp.SKColors.Transparent : SkiaSharp.SKColors.Red, BlendMode = SkiaSharp.SKBlendMode.Src };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// A phone photo: a real JPEG with an EXIF segment carrying an orientation, a description and a GPS position.
    public static byte[] JpegWithExif(int width, int height, ushort orientation, string description)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)(v >> 8), (byte)v]);
        void U32(int v) => tiff.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        var text = Encoding.ASCII.GetBytes(description + "\0");
        const int ifd0 = 8, ifd0Size = 2 + 3 * 12 + 4, gps = ifd0 + ifd0Size, gpsSize = 2 + 2 * 12 + 4;
        const int latitude = gps + gpsSize;
        var descriptionAt = latitude + 24;
        tiff.AddRange("MM"u8.ToArray()); U16(42); U32(ifd0);
        U16(3);
        U16(0x010E); U16(2); U32(text.Length); U32(descriptionAt);      // ImageDescription
        U16(0x0112); U16(3); U32(1); U16(orientation); U16(0);          // Orientation
        U16(0x8825); U16(4); U32(1); U32(gps);                          // GPS IFD
        U32(0);
        U16(2);
        U16(0x0001); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray()); // GPSLatitudeRef
        U16(0x0002); U16(5); U32(3); U32(latitude);                     // GPSLatitude
        U32(0);
        foreach (var (numerator, denominator) in new[] { (52, 1), (31, 1), (1234, 100) })
        {
            U32(numerator); U32(denominator);
        }

        tiff.AddRange(text);
        byte[] app1 = [.. "Exif\0\0"u8, .. tiff];
        return [jpeg[0], jpeg[1], 0xFF, 0xE1, (byte)((app1.Length + 2) >> 8), (byte)(app1.Length + 2), .. app1, .. jpeg[2..]];
    }

    /// The segment structure of a baseline JPEG: SOI, APP0 (JFIF), DQT, SOF0, DHT, SOS, scan data with stuffing and a
    /// restart marker, EOI. Complete for the sniffer, not decodable.
    public static byte[] JpegSegments()
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(output, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(output, 0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        Segment(output, 0xC4, [0, .. new byte[16], ]);
        Segment(output, 0xDA, [1, 1, 0, 0, 0x3F, 0]);
        output.Write([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78]); // entropy data with a stuffed 0xFF and a restart marker
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// A lossless 1 × 1 WebP (VP8L), as libwebp writes it.
    public static byte[] WebP() => Riff("WEBP", [Chunk4("VP8L", [0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00])]);

    public static byte[] Riff(string form, byte[][] chunks, int sizeAdjustment = 0)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var result = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(4 + body.Length + sizeAdjustment));
        Encoding.ASCII.GetBytes(form).CopyTo(result, 8);
        body.CopyTo(result, 12);
        return result;
    }

    public static byte[] Chunk4(string type, byte[] data)
    {
        var padded = data.Length + (data.Length % 2);
        var result = new byte[8 + padded];
        Encoding.ASCII.GetBytes(type).CopyTo(result, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)data.Length);
        data.CopyTo(result, 8);
        return result;
    }

    public static byte[] Gif() => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 4, 1, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B];

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Html => Text("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] Svg => Text("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>");

    /// A valid image with an HTML page appended: a "polyglot" that some browsers would sniff as HTML.
    public static byte[] WithTrailing(byte[] image) => [.. image, .. Html];

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static void Segment(Stream output, byte marker, byte[] data)
    {
        output.Write([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        output.Write(data);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
