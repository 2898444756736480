using System.Buffers.Binary;

namespace Intranet.Blog.Features.Uploads;

public sealed record ImageKind(string ContentType, string Extension);

/// Decides what an uploaded file is from its bytes alone; the name and the browser's content type are never trusted.
/// Beyond the magic bytes the whole container is walked to its end marker, and anything after it is refused:
/// a picture with HTML or script appended (a polyglot) would otherwise be stored and could be sniffed as a page.
public static class ImageSniffer
{
    public static readonly ImageKind Png = new("image/png", ".png");
    public static readonly ImageKind Jpeg = new("image/jpeg", ".jpg");
    public static readonly ImageKind WebP = new("image/webp", ".webp");

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// The image type, or null when the bytes are not a complete PNG, JPEG or WebP file and nothing else.
    public static ImageKind? Detect(ReadOnlySpan<byte> data)
    {
        if (IsPng(data))
        {
            return Png;
        }

        if (IsJpeg(data))
        {
            return Jpeg;
        }

        return IsWebP(data) ? WebP : null;
    }

    public static ImageKind? FromContentType(string contentType) => contentType switch
    {
        "image/png" => Png,
        "image/jpeg" => Jpeg,
        "image/webp" => WebP,
        _ => null,
    };

    // Signature, then chunks (length, type, data, CRC) with IHDR first, ending exactly at IEND.
    private static bool IsPng(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith(PngSignature))
        {
            return false;
        }

        var position = PngSignature.Length;
        var first = true;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            var type = data.Slice(position + 4, 4);
            if (length > int.MaxValue || (long)position + 12 + length > data.Length)
            {
                return false;
            }

            if (first && (!type.SequenceEqual("IHDR"u8) || length != 13))
            {
                return false;
            }

            first = false;
            position += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return length == 0 && position == data.Length;
            }
        }

        return false;
    }

    // SOI, then marker segments up to the start of scan; the entropy-coded data runs to EOI, which must be the last two bytes.
    private static bool IsJpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
        {
            return false;
        }

        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return false;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0xD9 or (>= 0xD0 and <= 0xD7) or 0x01)
            {
                return false; // no second start, no end before any scan, no restart marker outside a scan
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2 || position + 2 + length > data.Length)
            {
                return false;
            }

            position += 2 + length;
            if (marker == 0xDA)
            {
                return ScanEndsAtEoi(data, position);
            }
        }

        return false;
    }

    // Inside scan data 0xFF is followed by 0x00 (stuffing), a restart marker, or another marker (a further scan of a
    // progressive image, tables); the first EOI must be the end of the file.
    private static bool ScanEndsAtEoi(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length - 1)
        {
            if (data[position] != 0xFF)
            {
                position++;
                continue;
            }

            var next = data[position + 1];
            if (next == 0xD9)
            {
                return position + 2 == data.Length;
            }

            if (next is 0x00 or 0xFF or (>= 0xD0 and <= 0xD7))
            {
                position += next == 0xFF ? 1 : 2;
                continue;
            }

            if (next is 0xD8 or 0x01)
            {
                return false;
            }

            // A marker segment between scans (DHT, DQT, SOS of the next scan, ...): skip its declared length.
            if (position + 4 > data.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            if (length < 2 || position + 2 + length > data.Length)
            {
                return false;
            }

            position += 2 + length;
        }

        return false;
    }

    // RIFF <size> WEBP, where size counts everything after the size field and must match the file exactly,
    // then a first chunk of VP8, VP8L or VP8X whose declared length fits inside.
    private static bool IsWebP(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20 || !data.StartsWith("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return false;
        }

        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize != (ulong)data.Length - 8 || riffSize % 2 != 0)
        {
            return false;
        }

        var chunk = data.Slice(12, 4);
        if (!chunk.SequenceEqual("VP8 "u8) && !chunk.SequenceEqual("VP8L"u8) && !chunk.SequenceEqual("VP8X"u8))
        {
            return false;
        }

        // Walk every chunk (each padded to an even length) so the declared sizes add up to the RIFF size.
        var position = 12;
        while (position + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(position + 4)..]);
            var padded = (long)length + (length % 2);
            if (position + 8 + padded > data.Length)
            {
                return false;
            }

            position += 8 + (int)padded;
        }

        return position == data.Length;
    }
}
