using System.Data.Common;
using System.Threading.Channels;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Shared;

public static class EventKinds
{
    public const string PostCreated = "post.created";
    public const string PostEdited = "post.edited";
    public const string PostDeleted = "post.deleted";
    /// Moderation: hidden content leaves others' screens; restored content comes back.
    public const string PostHidden = "post.hidden";
    public const string PostRestored = "post.restored";
    public const string CommentHidden = "comment.hidden";
    public const string CommentRestored = "comment.restored";
    public const string CommentCreated = "comment.created";
    public const string CommentEdited = "comment.edited";
    public const string CommentDeleted = "comment.deleted";
    public const string PostReactions = "post.reactions";
    public const string CommentReactions = "comment.reactions";
    /// A poll's counts changed (target and post: the poll's post). An anonymous poll's carries no actor.
    public const string PollVotes = "poll.votes";

    /// An idea round changed (an idea brought in or withdrawn, support given or taken back, the outcome published):
    /// its card is rendered again (target and post: the round's post). A change of support carries no actor.
    public const string PostIdeas = "post.ideas";

    /// A question was answered for the first time, or an answer accepted or taken back: its card is rendered again.
    public const string PostQuestion = "post.question";
    /// An answer's helpful marks changed: counts carry "helpful".
    public const string CommentHelpful = "comment.helpful";

    /// A person's role, password or active state changed: their open live connections close (user_id is the person).
    public const string SessionsEnded = "person.sessions_ended";

    // Kinds starting with "department." go to the screens that have that department's page open (LiveGroups.Department),
    // not to every feed; department_id names the department.
    public const string DepartmentPins = "department.pins";
    public const string DepartmentPeople = "department.people";
    public const string DepartmentDescription = "department.description";

    /// The pins on top of the company feed changed.
    public const string FeedPins = "feed.pins";

    public static bool IsForDepartmentPage(string kind) => kind.StartsWith("department.", StringComparison.Ordinal);
}

public sealed record EventRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public long TargetId { get; init; }
    public long? PostId { get; init; }
    public long? DepartmentId { get; init; }
    public long? UserId { get; init; }
    public long? ActorId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// The live log: every change other screens must see gets a row in the same transaction as the change. Once that
/// transaction commits, the row is handed to Committed, inside the writer gate: Committed yields events in commit
/// order, which is event id order (one writer at a time), and the live pipeline pushes them in that order.
public sealed class EventStore(Database db, TimeProvider clock)
{
    private readonly Channel<EventRow> _committed = Channel.CreateUnbounded<EventRow>(new UnboundedChannelOptions { SingleReader = true });

    /// Committed events, oldest first; read by one reader, the live pipeline (Live.LiveOutbox).
    public ChannelReader<EventRow> Committed => _committed.Reader;

    private const string AppendSql = """
        INSERT INTO events (kind, target_id, post_id, department_id, user_id, actor_id, created_at)
        VALUES (@kind, @targetId, @postId, @departmentId, @userId, @actorId, @now)
        RETURNING id, kind, target_id, post_id, department_id, user_id, actor_id, created_at
        """;

    public async Task<EventRow> AppendAsync(WriteScope scope, string kind, long targetId,
        long? postId, long? actorId, long? departmentId = null, long? userId = null)
    {
        var row = await scope.Connection.QuerySingleAsync<EventRow>(AppendSql,
            new { kind, targetId, postId, departmentId, userId, actorId, now = clock.GetUtcNow() }, scope.Transaction);
        scope.AfterCommit(() => _committed.Writer.TryWrite(row));
        return row;
    }

    private const string AfterSql = """
        SELECT id, kind, target_id, post_id, department_id, user_id, actor_id, created_at
          FROM events
         WHERE id > @after
           AND (user_id IS NULL OR user_id = @viewer)
         ORDER BY id
         LIMIT @take
        """;

    /// Catch-up for a client that reconnects: what it missed, oldest first, only what the viewer may see.
    public async Task<IReadOnlyList<EventRow>> AfterAsync(long after, long viewer, int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<EventRow>(new CommandDefinition(AfterSql, new { after, viewer, take }, cancellationToken: ct))).AsList();
    }

    private const string AllAfterSql = """
        SELECT id, kind, target_id, post_id, department_id, user_id, actor_id, created_at
          FROM events
         WHERE id > @after
         ORDER BY id
         LIMIT @take
        """;

    /// Several nodes: the log as the node that pushes for all of them reads it, every event, oldest first.
    public async Task<IReadOnlyList<EventRow>> AllAfterAsync(long after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<EventRow>(new CommandDefinition(AllAfterSql, new { after, take }, cancellationToken: ct))).AsList();
    }

    private const string LastBeforeSql = "SELECT COALESCE(MAX(id), 0) FROM events WHERE created_at < @before";

    /// The last event committed before a moment: where a node taking over the pushing starts again.
    public async Task<long> LastBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(LastBeforeSql, new { before }, cancellationToken: ct));
    }

    private const string LastIdSql = "SELECT COALESCE(MAX(id), 0) FROM events";

    /// Read before a page's own queries, so anything committed while the page renders is caught up, not lost.
    public Task<long> LastIdAsync(DbConnection connection, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(LastIdSql, cancellationToken: ct));

    public async Task<long> LastIdAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(LastIdSql, cancellationToken: ct));
    }
}
