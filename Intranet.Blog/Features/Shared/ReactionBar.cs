using System.Collections.Frozen;
using System.Text;

namespace Intranet.Blog.Features.Shared;

/// The kinds of reaction, in the order the bar shows them. Here rather than in Reactions: posts and comments draw
/// the bar (_ReactionBar.cshtml), and Reactions, which changes it, uses posts and comments. The bar's emoji are drawn
/// by site.css, once per page rather than six times per card; ReactionStyleTests keeps it to this list.
public static class ReactionKinds
{
    public static readonly IReadOnlyList<(string Kind, string Emoji, string Label)> All =
    [
        ("like", "👍", "Like"),
        ("celebrate", "🎉", "Celebrate"),
        ("insightful", "💡", "Insightful"),
        ("support", "🤝", "Support"),
        ("funny", "😄", "Funny"),
        ("curious", "🤔", "Curious"),
    ];

    public static bool IsKnown(string? kind) => All.Any(k => k.Kind == kind);
}

/// How _ReactionBar.cshtml draws a bar: a card's or a comment's (the kinds with a count, and "React"), a post page's
/// (all six, and who reacted), or the who-reacted page's own (all six).
public enum BarShape { Compact, Full, OnWhoPage }

/// Counts per kind for one target (a post, or a comment when CommentId is set).
public sealed record ReactionCount
{
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public string Kind { get; init; } = "";
    public int Count { get; init; }
}

public sealed record ReactionBar(long PostId, long? CommentId, IReadOnlyDictionary<string, int> Counts, IReadOnlySet<string> Mine)
{
    // Most comments have no reaction: their bars share these instead of two empty collections each (frozen, so
    // nothing can fill the one every empty bar holds).
    private static readonly IReadOnlyDictionary<string, int> NoCounts = FrozenDictionary<string, int>.Empty;
    private static readonly IReadOnlySet<string> NoKinds = FrozenSet<string>.Empty;

    public static ReactionBar From(long postId, long? commentId, IEnumerable<ReactionCount> counts, IEnumerable<ReactionCount> mine)
    {
        Dictionary<string, int>? counted = null;
        foreach (var c in counts)
        {
            if (c.PostId == postId && c.CommentId == commentId)
            {
                (counted ??= new(StringComparer.Ordinal))[c.Kind] = c.Count;
            }
        }

        HashSet<string>? own = null;
        foreach (var c in mine)
        {
            if (c.PostId == postId && c.CommentId == commentId)
            {
                (own ??= new(StringComparer.Ordinal)).Add(c.Kind);
            }
        }

        return new(postId, commentId, counted ?? NoCounts, own ?? NoKinds);
    }

    public int Total => Counts.Values.Sum();

    /// The counts and the viewer's own reactions as one comparable value, for RenderedFragments keys: in the bar's
    /// order, which is as canonical as a sorted one, and one shared string for a bar nobody reacted to (fifty of these
    /// are made for every post page).
    public string Key
    {
        get
        {
            if (Counts.Count == 0 && Mine.Count == 0)
            {
                return "|";
            }

            var key = new StringBuilder();
            foreach (var (kind, _, _) in ReactionKinds.All)
            {
                if (Counts.TryGetValue(kind, out var count))
                {
                    key.Append(kind).Append('=').Append(count).Append(',');
                }
            }

            key.Append('|');
            foreach (var (kind, _, _) in ReactionKinds.All)
            {
                if (Mine.Contains(kind))
                {
                    key.Append(kind).Append(',');
                }
            }

            return key.ToString();
        }
    }

    /// What a viewer's relation to an author changes on a card or comment: nothing (a live fragment), the author's
    /// own controls, someone else's who may moderate, or a reader's.
    public static int Role(Viewer? viewer, long authorId) =>
        viewer is null ? 0 : viewer.Id == authorId ? 1 : viewer.MayModerate(authorId) ? 2 : 3;
}
