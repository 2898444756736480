using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Tests.Unit.Markdown;

/// The browser gets the mention rule as a pattern (Handles.MentionFragmentPattern); these hold it to the C# rule.
public sealed class HandleRulesTests
{
    [Test]
    public void The_word_class_handed_to_the_browser_is_IsWordChar_for_every_character()
    {
        var word = new Regex($"^[{Handles.WordClass}]$");
        var differ = Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => !char.IsSurrogate(c))
            .Where(c => word.IsMatch(c.ToString()) != Handles.IsWordChar(c)).Take(5).Select(c => $"U+{(int)c:X4}");

        Assert.That(differ, Is.Empty);
    }

    [TestCase("Danke @anna", "anna")]
    [TestCase("@lena.schmidt", "lena.schmidt")]
    [TestCase("(@jürgen", "jürgen")]
    [TestCase("anna@example", null)]
    [TestCase("C#@x", null)]
    [TestCase("a/@b", null)]
    public void The_pattern_finds_a_mention_being_typed_where_the_extractor_would_start_one(string typed, string? handle)
    {
        var match = new Regex(Handles.MentionFragmentPattern).Match(typed);
        var glued = typed.IndexOf('@') > 0 && Handles.IsGluedToPrevious(typed[typed.LastIndexOf('@') - 1]);

        Assert.That(match.Success ? match.Groups[1].Value : null, Is.EqualTo(handle));
        Assert.That(glued, Is.EqualTo(handle is null));
    }
}
