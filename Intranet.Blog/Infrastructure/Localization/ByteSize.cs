using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Localization;

/// A size as people read it, in the reader's language: "4 KB", "3,5 MB", "51,2 GB" (powers of 1024, one decimal).
/// In megabytes alone a fresh database read "0 MB" and a disk "52404,1 MB von 258019,6 MB".
public static class ByteSize
{
    public static string Text(long bytes, IStringLocalizer t) => bytes switch
    {
        < 1024L * 1024 => t["{0} KB", Math.Round(bytes / 1024.0, 1)],
        < 1024L * 1024 * 1024 => t["{0} MB", Math.Round(bytes / 1048576.0, 1)],
        _ => t["{0} GB", Math.Round(bytes / 1073741824.0, 1)],
    };
}
