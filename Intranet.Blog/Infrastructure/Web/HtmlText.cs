using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Intranet.Blog.Infrastructure.Web;

/// The encoder every page is written with. The framework's default leaves only ASCII as it is, so each German umlaut
/// and ß went out as a six-byte reference (ä as &#xE4;), a few hundred on every page. This one leaves the letters of
/// every script as they are and still encodes what HTML gives a meaning (&lt; &gt; &amp; quotes), controls and
/// invisible format characters, so user text is escaped exactly as safely as before.
public static class HtmlText
{
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
}
