using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Features.Shared;

public enum WriteStatus { Ok, Invalid, NotFound, Forbidden }

/// What a service's write tells its controller: done (with the id), refused with field errors, or not found/allowed.
public sealed record WriteResult(WriteStatus Status, long Id = 0, FieldErrors? Errors = null)
{
    /// The people this write mentions who were not mentioned in the same text before (never the writer),
    /// for notifications. Empty unless Status is Ok.
    public IReadOnlyList<long> NewlyMentionedIds { get; init; } = [];

    public static WriteResult NotFound { get; } = new(WriteStatus.NotFound);
    public static WriteResult Forbidden { get; } = new(WriteStatus.Forbidden);
}
