namespace Intranet.Blog.Features.Shared;

/// Someone did something countable at a time (posted, commented, reacted, opened a post): what analytics' rollup
/// reads from each feature's own table, to count people per period. Never shown.
public sealed record PersonActivity
{
    public long UserId { get; init; }
    public DateTimeOffset At { get; init; }
}
