using Intranet.Blog.Features.Posts;

namespace Intranet.Blog.Tests.Unit.Versions;

public sealed class WordDiffTests
{
    private static string Marked(string before, string after) =>
        string.Concat(WordDiff.Between(before, after).Select(p => p.Kind switch
        {
            DiffKind.Removed => $"[-{p.Text}]",
            DiffKind.Added => $"[+{p.Text}]",
            _ => p.Text,
        }));

    [Test]
    public void A_changed_word_is_marked_alone() =>
        Assert.That(Marked("Die Kantine schließt um 14 Uhr.", "Die Kantine schließt um 15 Uhr."), Is.EqualTo("Die Kantine schließt um [-14][+15] Uhr."));

    [Test]
    public void Neighbouring_changed_words_are_one_mark() =>
        Assert.That(Marked("a b c d", "a x y d"), Is.EqualTo("a [-b c][+x y] d"));

    [Test]
    public void Line_breaks_separate_words_and_are_kept() =>
        Assert.That(Marked("eins\nzwei\ndrei", "eins\nvier\ndrei"), Is.EqualTo("eins\n[-zwei][+vier]\ndrei"));

    [Test]
    public void Equal_texts_have_no_marks() =>
        Assert.That(WordDiff.Between("gleich bleibt", "gleich bleibt").Select(p => p.Kind), Is.All.EqualTo(DiffKind.Same));

    [Test]
    public void A_text_from_nothing_is_all_added() =>
        Assert.That(Marked("", "neu hier"), Is.EqualTo("[+neu hier]"));
}
