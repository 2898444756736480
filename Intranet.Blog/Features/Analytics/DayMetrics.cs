using System.Globalization;

namespace Intranet.Blog.Features.Analytics;

/// The names of activity_days' metrics, made and read only here.
public static class DayMetrics
{
    public const string Reaction = "reaction";
    private const string PostPrefix = "post:";
    private const string DialoguePrefix = "dialogue:";
    private const string TopicPrefix = "topic:";

    public static string Post(string kind) => PostPrefix + kind;

    public static string Dialogue(int writerLevel, int authorLevel) =>
        string.Create(CultureInfo.InvariantCulture, $"{DialoguePrefix}{writerLevel}:{authorLevel}");

    /// Posts published with a topic (tags.id).
    public static string Topic(long tagId) => string.Create(CultureInfo.InvariantCulture, $"{TopicPrefix}{tagId}");

    /// The tag id of a 'topic:' metric, or null.
    public static long? TopicId(string metric) =>
        metric.StartsWith(TopicPrefix, StringComparison.Ordinal) ? long.Parse(metric[TopicPrefix.Length..], CultureInfo.InvariantCulture) : null;

    /// The post kind of a 'post:' metric, or null.
    public static string? PostKind(string metric) => metric.StartsWith(PostPrefix, StringComparison.Ordinal) ? metric[PostPrefix.Length..] : null;

    /// The levels of a 'dialogue:' metric, or null.
    public static (int Writer, int Author)? Levels(string metric)
    {
        if (!metric.StartsWith(DialoguePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = metric[DialoguePrefix.Length..].Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
