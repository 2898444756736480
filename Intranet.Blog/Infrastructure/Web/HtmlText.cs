using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Intranet.Blog.Infrastructure.Web;

/// The encoder every page is written with. The framework's default leaves only ASCII as it is, so each German umlaut
/// and ß went out as a six-byte reference (ä as &#xE4;), a few hundred on every page. This one leaves the characters
/// of every script as they are and still encodes what HTML gives a meaning (&lt; &gt; &amp; quotes, +), controls and
/// unassigned code points, so what stops text from leaving an element or attribute is handled exactly as before.
/// Format characters (soft hyphen, zero-width and direction marks) now go out as they are: a reference to one
/// decodes to the same character, so the page the browser builds is the same (single-line fields refuse them, TextRules).
public static class HtmlText
{
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
}
