using System.Globalization;

namespace Intranet.Blog.Features.Live;

/// The only place group names are made, so a client can never name one into existence.
public static class LiveGroups
{
    public const string Feed = "feed";

    public static string Post(long id) => "post:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Department(long id) => "dept:" + id.ToString(CultureInfo.InvariantCulture);

    public static string User(long id) => "user:" + id.ToString(CultureInfo.InvariantCulture);
}
