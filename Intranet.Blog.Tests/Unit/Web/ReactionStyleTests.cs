using System.Globalization;
using System.Text;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Tests.Unit.Web;

/// The reaction buttons' emoji are drawn by the style sheet, once per page, not written into each button of each card
/// (bench/README.md, "Bytes on the wire"); ReactionKinds stays the list of kinds, so the two must not drift apart.
public sealed class ReactionStyleTests
{
    private static readonly string Css = File.ReadAllText(Path.Combine(AppLayout.WebRoot, "css", "site.css"));

    private static IEnumerable<TestCaseData> Kinds() => ReactionKinds.All.Select(k => new TestCaseData(k.Kind, k.Emoji).SetArgDisplayNames(k.Kind));

    [TestCaseSource(nameof(Kinds))]
    public void The_style_sheet_draws_each_kinds_emoji_and_keeps_it_out_of_the_buttons_name(string kind, string emoji)
    {
        var escaped = string.Concat(emoji.EnumerateRunes().Select(r => "\\" + r.Value.ToString("X", CultureInfo.InvariantCulture)));

        Assert.That(Css, Does.Contain($$""".reactions [value={{kind}}]::before { content: "{{escaped}}"; content: "{{escaped}}" / ""; }"""));
    }
}
