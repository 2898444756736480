namespace Intranet.Blog.Features.Mentions;

/// One entry of the composer's @ autocomplete; serialized as { id, name, handle, title, department }.
public sealed record MentionSuggestion
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Handle { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Department { get; init; }
}
