using System.Globalization;

namespace Intranet.Blog.Features.Polls;

public static class PollLimits
{
    public const int MinOptions = 2;
    public const int MaxOptions = 10;
    public const int OptionLength = 120;

    /// The latest closing time a poll may be given: further out it is not a poll but a standing question.
    public const int MaxOpenDays = 366;

    /// The fields' names in error messages (ModelState keys).
    public const string OptionsField = "Poll options";
    public const string ClosesAtField = "Poll closes at";
}

/// The poll part of the composer. Options: the texts typed (empty ones are ignored; none at all means no poll).
/// ClosesAt: a datetime-local value in the author's time zone, or empty for a poll that stays open.
public sealed record PollInput
{
    public string?[]? Options { get; init; }
    public bool Multiple { get; init; }
    public bool Anonymous { get; init; }
    public string? ClosesAt { get; init; }
}

/// A poll checked and ready to be written with its post.
public sealed record PollPlan(IReadOnlyList<string> Options, bool Multiple, bool Anonymous, DateTimeOffset? ClosesAt, string? ClosesZone);

public sealed record PollRow
{
    public long PostId { get; init; }
    public bool Multiple { get; init; }
    public bool Anonymous { get; init; }
    public DateTimeOffset? ClosesAt { get; init; }
    public string? ClosesZone { get; init; }
}

/// One option with its count: for an anonymous poll its counter, for a named one its ballots.
public sealed record PollOptionRow
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public string Label { get; init; } = "";
    public int Votes { get; init; }
}

public sealed record PollOptionView(long Id, string Label, int Votes, bool Mine)
{
    public int Percent(int voters) => voters == 0 ? 0 : (int)Math.Round(100.0 * Votes / voters, MidpointRounding.AwayFromZero);
}

/// A poll as a card shows it to one viewer (Viewer false: the viewer-neutral fragment a live push carries, which
/// nobody has voted in). Voted: the viewer has voted; Mine on the options: what they chose (named polls only: an
/// anonymous poll keeps no ballot to show anyone, its voter included).
public sealed record PollView(
    long PostId, bool Multiple, bool Anonymous, DateTimeOffset? ClosesAt, string? ClosesZone, bool Closed, IReadOnlyList<PollOptionView> Options,
    int Voters, bool Voted, bool Viewer)
{
    /// Votes may be cast or (in a named poll) changed.
    public bool MayVote => Viewer && !Closed && !(Anonymous && Voted);

    /// Everything the partial shows, for RenderedFragments keys.
    public string Key => string.Join(',', Options.Select(o => $"{o.Id}={o.Votes}{(o.Mine ? "*" : "")}"))
        + $"|{Voters}|{Voted}|{Viewer}|{Closed}";

    /// The counts as a live push carries them.
    public Dictionary<string, int> LiveCounts() => Counts(Options.Select(o => new PollOptionRow { Id = o.Id, Votes = o.Votes }), Voters);

    /// The counts a live push carries: per option id, and the voters.
    public static Dictionary<string, int> Counts(IEnumerable<PollOptionRow> options, int voters)
    {
        var counts = options.ToDictionary(o => o.Id.ToString(CultureInfo.InvariantCulture), o => o.Votes);
        counts["voters"] = voters;
        return counts;
    }
}

public enum VoteStatus { Ok, NotFound, Invalid, Closed, AlreadyVoted }

public sealed record VoteResult(VoteStatus Status, PollView? Poll = null);

/// Options: the chosen option ids (one for a single-choice poll).
public sealed record VoteInput(long[]? Options, string? ReturnUrl);

public sealed record VotersView(long PostId, IReadOnlyList<PollOptionRow> Options, IReadOnlyList<PollVoterRow> Voters);

public sealed record PollVoterRow
{
    public long OptionId { get; init; }
    public long UserId { get; init; }
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
}
