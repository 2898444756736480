using DiffPlex;
using DiffPlex.Chunkers;

namespace Intranet.Blog.Features.Posts;

public enum DiffKind { Same, Removed, Added }

public sealed record DiffPart(DiffKind Kind, string Text);

/// Word by word differences between two texts, from DiffPlex. Words and the spaces and line breaks between them are
/// separate pieces, so a changed word is marked alone and the text around it reads as it was written.
public static class WordDiff
{
    private static readonly DelimiterChunker Words = new([' ', '\t', '\n', '\r']);

    // Unchanged text, or a change: what was removed there and what was added instead (either may be empty).
    private sealed record Segment(string Same, string Removed, string Added)
    {
        public bool IsChange => Same.Length == 0;
    }

    public static IReadOnlyList<DiffPart> Between(string? before, string? after)
    {
        var result = Differ.Instance.CreateDiffs(before ?? "", after ?? "", ignoreWhiteSpace: false, ignoreCase: false, Words);
        var segments = new List<Segment>();
        var oldAt = 0;
        foreach (var block in result.DiffBlocks)
        {
            AddSame(segments, Join(result.PiecesOld, oldAt, block.DeleteStartA - oldAt));
            AddChange(segments, Join(result.PiecesOld, block.DeleteStartA, block.DeleteCountA), Join(result.PiecesNew, block.InsertStartB, block.InsertCountB));
            oldAt = block.DeleteStartA + block.DeleteCountA;
        }

        AddSame(segments, Join(result.PiecesOld, oldAt, result.PiecesOld.Count - oldAt));
        return segments.SelectMany(s => s.IsChange
            ? new[] { new DiffPart(DiffKind.Removed, s.Removed), new DiffPart(DiffKind.Added, s.Added) }.Where(p => p.Text.Length > 0)
            : [new DiffPart(DiffKind.Same, s.Same)]).ToList();
    }

    private static string Join(IReadOnlyList<string> pieces, int start, int count) => count <= 0 ? "" : string.Concat(pieces.Skip(start).Take(count));

    private static void AddSame(List<Segment> segments, string text)
    {
        if (text.Length > 0)
        {
            segments.Add(new Segment(text, "", ""));
        }
    }

    // "a b c d" → "a x y d" reads as one change "b c" → "x y", not two changes around an unchanged space: a change
    // that follows another across nothing but whitespace joins it, the whitespace going into both sides.
    private static void AddChange(List<Segment> segments, string removed, string added)
    {
        if (segments is [.., { IsChange: true } previous, { Same: var gap }] && string.IsNullOrWhiteSpace(gap)
            && (previous.Removed + removed).Trim().Length > 0 && (previous.Added + added).Trim().Length > 0)
        {
            segments.RemoveRange(segments.Count - 2, 2);
            segments.Add(new Segment("", previous.Removed + gap + removed, previous.Added + gap + added));
            return;
        }

        segments.Add(new Segment("", removed, added));
    }
}
