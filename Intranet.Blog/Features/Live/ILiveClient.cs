namespace Intranet.Blog.Features.Live;

/// <summary>What the server sends to browsers over <c>/hubs/live</c>. This is the wire contract of <c>wwwroot/js/live.js</c>.</summary>
public interface ILiveClient
{
    /// <summary>
    /// A change from the events log, sent in commit order: a connection receives its events by increasing id, so the
    /// changes of a post arrive in the order they committed. The same envelope is what <c>GET /live/events?after=N</c> returns.
    /// Only LiveOutbox sends it, one event after another: live.js counts on that order and drops an event whose id is
    /// not above the last one it applied, so an event sent from anywhere else, out of order, would be lost.
    /// </summary>
    Task Event(LiveEvent e);

    /// <summary>How many people have a post open right now.</summary>
    Task Presence(PresenceUpdate update);

    /// <summary>Someone (never named) is writing a comment under a post.</summary>
    Task Typing(TypingUpdate update);

    /// <summary>The server is stopping; the connection closes next. Reconnect shortly and catch up.</summary>
    Task Restarting();

    /// <summary>Writing stopped (read-only mode: the message says why, in the connection's language) or works again (no message).</summary>
    Task Storage(StorageNotice notice);

    /// <summary>Someone acknowledged a must-read (or it changed): sent to <c>progress:{postId}</c>, whose members (its author and admins) fetch the numbers again.</summary>
    Task Progress(ProgressUpdate update);

    /// <summary>The analytics rollup counted new activity: sent to <c>analytics</c>, whose members fetch their dashboard again.</summary>
    Task Analytics();

    /// <summary>The person's unread notifications that are visible now (quiet hours respected); sent to <c>user:{id}</c> only.</summary>
    Task Unread(UnreadCount u);

    /// <summary>The queue of anonymous questions changed; sent to each admin's <c>user:{id}</c>, whose queue page fetches itself again.
    /// Not an event: an events row would date the question's arrival between its asker's own rows.</summary>
    Task Questions(QuestionsUpdate update);
}

/// <summary>
/// One change. <c>Html</c> holds the viewer-neutral fragment per culture ("de", "en") for cards and comments;
/// <c>Counts</c> holds numbers (reactions per kind, <c>comments</c>). <c>At</c> is the commit time in unix milliseconds.
/// </summary>
public sealed record LiveEvent(
    long Id, string Kind, long TargetId, long? PostId, long? ParentId, long? ActorId, long At,
    IReadOnlyDictionary<string, string>? Html, IReadOnlyDictionary<string, int>? Counts);

/// <summary>The number of people with the post open.</summary>
public sealed record PresenceUpdate(long PostId, int Count);

/// <summary>A comment is being written under the post.</summary>
public sealed record TypingUpdate(long PostId);

/// <summary>How many unread notifications the bell shows.</summary>
public sealed record UnreadCount(int Count);

/// <summary>The read-only banner's text, or null when writing works.</summary>
public sealed record StorageNotice(string? Message);

/// <summary>The acknowledgement progress of a post changed; it carries no numbers and no names.</summary>
public sealed record ProgressUpdate(long PostId);

/// <summary>How many anonymous questions wait for a moderator.</summary>
public sealed record QuestionsUpdate(int Waiting);
