using Intranet.Blog.Infrastructure.Search;

namespace Intranet.Blog.Tests.Unit.Search;

/// The parts column's two kinds of prefix, each holding only longer words than the query's, so a prefix query never
/// collects the (often huge) hit list of the word itself, which its stem already finds.
public sealed class SearchTextTests
{
    private static string[] Parts(string text) => SearchText.Parts(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void A_compound_has_its_head_and_its_reversed_end_and_a_short_word_neither()
    {
        var parts = Parts("Urlaubsantrag Haus");

        Assert.That(parts, Does.Contain(SearchText.Head + "urlaubsantra"), "the head, its last letter cut");
        Assert.That(parts, Does.Contain(SearchText.Reverse("rlaubsantrag")), "the end, its first letter cut");
        Assert.That(parts.Any(p => p.EndsWith("haus", StringComparison.Ordinal) || p.Contains("hau", StringComparison.Ordinal)), Is.False,
            "four letters are no compound and start nothing longer of their own");
    }

    [Test]
    public void A_heads_prefix_finds_only_longer_words()
    {
        var heads = Parts("Urlaub Urlaubs Urlaubsplanung").Where(p => p[0] == SearchText.Head).ToList();

        Assert.That(heads.Where(h => h.StartsWith(SearchText.Head + "urlaub", StringComparison.Ordinal)),
            Is.EqualTo(new[] { SearchText.Head + "urlaubspla" }), "the stem \"urlaubsplan\" cut; not \"urlaub\" itself, nor its genitive (stemmed to it)");
    }

    [Test]
    public void No_word_can_start_with_the_heads_mark()
    {
        Assert.That(SearchText.Words("\uE000urlaub x\uE000y"), Is.EqualTo(new[] { "urlaub", "x", "y" }));
    }
}
