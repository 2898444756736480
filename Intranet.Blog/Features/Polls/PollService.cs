using System.Data.Common;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Polls;

/// Polls on posts: checked with the post, written in its transaction, voted on here.
public sealed class PollService(
    Database db, PollStore store, EventStore events, NotificationStore settings, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// Null without options typed (no poll). Errors go to the post's form.
    public async Task<PollPlan?> ValidateAsync(FieldErrors errors, PollInput? input, long authorId, CancellationToken ct)
    {
        var typed = (input?.Options ?? []).Where(o => !string.IsNullOrWhiteSpace(o)).ToList();
        if (input is null || typed.Count == 0)
        {
            return null;
        }

        if (input.Options!.Length > PollLimits.MaxOptions || typed.Count < PollLimits.MinOptions)
        {
            errors.Add(PollLimits.OptionsField, t["A poll has {0} to {1} options.", PollLimits.MinOptions, PollLimits.MaxOptions]);
            return null;
        }

        var options = typed.Select(o => errors.Text(PollLimits.OptionsField, o, PollLimits.OptionLength)).ToList();
        if (!errors.Any && options.Distinct(StringComparer.CurrentCultureIgnoreCase).Count() != options.Count)
        {
            errors.Add(PollLimits.OptionsField, t["Each option of a poll must be different."]);
        }

        var (closesAt, zone) = string.IsNullOrWhiteSpace(input.ClosesAt) ? (null, null) : await ClosingTimeAsync(errors, input.ClosesAt, authorId, ct);
        return errors.Any ? null : new PollPlan(options, input.Multiple, input.Anonymous, closesAt, zone);
    }

    /// In the post's transaction, after the post's row.
    public Task WriteAsync(WriteScope scope, long postId, PollPlan plan) => store.InsertAsync(scope.Connection, scope.Transaction, postId, plan);

    /// The polls among these posts as the viewer sees them (viewer null: the viewer-neutral live fragment).
    public async Task<IReadOnlyDictionary<long, PollView>> ViewsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, long? viewer, CancellationToken ct)
    {
        var (polls, options, voters) = await store.ManyAsync(connection, postIds, ct);
        if (polls.Count == 0)
        {
            return new Dictionary<long, PollView>();
        }

        var (voted, chosen) = viewer is { } id ? await store.ViewerAsync(connection, polls.Select(p => p.PostId).ToList(), id, ct) : (new HashSet<long>(), new HashSet<long>());
        var now = clock.GetUtcNow();
        return polls.ToDictionary(p => p.PostId, p => View(p, options, voters.GetValueOrDefault(p.PostId), voted.Contains(p.PostId), chosen, viewer is not null, now));
    }

    /// The counts a live push of a poll carries, per post, for a page of events.
    public async Task<IReadOnlyDictionary<long, Dictionary<string, int>>> CountsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, CancellationToken ct)
    {
        var (polls, options, voters) = await store.ManyAsync(connection, postIds, ct);
        return polls.ToDictionary(p => p.PostId, p => PollView.Counts(options.Where(o => o.PostId == p.PostId), voters.GetValueOrDefault(p.PostId)));
    }

    /// One vote: a first one, or in a named poll a changed one. An anonymous vote is final; its ballot goes onto the
    /// options' counters, the person into the voters, and the write-ahead log is emptied after it, so that the files
    /// never hold the two side by side.
    public async Task<VoteResult> VoteAsync(Viewer viewer, long postId, IReadOnlyCollection<long>? optionIds, CancellationToken ct)
    {
        var chosen = (optionIds ?? []).Distinct().ToList();
        PollView view;
        bool anonymous;
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            var (polls, options, _) = await store.ManyAsync(scope.Connection, [postId], ct, scope.Transaction);
            var poll = polls.FirstOrDefault();
            if (poll is null || !await IsListedAsync(scope.Connection, scope.Transaction, postId, ct))
            {
                return new VoteResult(VoteStatus.NotFound);
            }

            if (poll.ClosesAt is { } closes && closes <= clock.GetUtcNow())
            {
                return new VoteResult(VoteStatus.Closed);
            }

            if (chosen.Count == 0 || (!poll.Multiple && chosen.Count > 1) || chosen.Any(id => options.All(o => o.Id != id)))
            {
                return new VoteResult(VoteStatus.Invalid);
            }

            anonymous = poll.Anonymous;
            var first = await store.MarkVotedAsync(scope.Connection, scope.Transaction, postId, viewer.Id);
            if (anonymous)
            {
                if (!first)
                {
                    return new VoteResult(VoteStatus.AlreadyVoted);
                }

                await store.CountAnonymousAsync(scope.Connection, scope.Transaction, postId, chosen);
                // No actor: the live log says that the poll's counts changed, not whose vote changed them.
                await events.AppendAsync(scope, EventKinds.PollVotes, postId, postId, actorId: null);
            }
            else if (await store.ReplaceBallotAsync(scope.Connection, scope.Transaction, postId, viewer.Id, chosen))
            {
                await events.AppendAsync(scope, EventKinds.PollVotes, postId, postId, viewer.Id);
            }

            view = (await ViewsAsync(scope.Connection, [postId], viewer.Id, ct, scope.Transaction))[postId];
            await scope.CommitAsync(ct);
        }

        // A reader still in the log makes the first try give up after half a second; the vote is not answered before
        // the log is empty or three tries failed (the next anonymous vote tries again).
        for (var tries = 0; anonymous && tries < 3 && !await db.EmptyLogAsync(CancellationToken.None); tries++)
        {
            await Task.Delay(100, CancellationToken.None);
        }

        return new VoteResult(VoteStatus.Ok, view);
    }

    /// Who chose what; null for an anonymous poll, a poll that is not there, or a post others may not see.
    public async Task<VotersView?> VotersAsync(long postId, CancellationToken ct)
    {
        IReadOnlyList<PollRow> polls;
        IReadOnlyList<PollOptionRow> options;
        await using (var connection = await db.OpenAsync(ct))
        {
            (polls, options, _) = await store.ManyAsync(connection, [postId], ct);
            if (polls.FirstOrDefault() is not { Anonymous: false } || !await IsListedAsync(connection, null, postId, ct))
            {
                return null;
            }
        }

        return new VotersView(postId, options, await store.VotersAsync(postId, ct));
    }

    private async Task<IReadOnlyDictionary<long, PollView>> ViewsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, long viewer, CancellationToken ct, DbTransaction transaction)
    {
        var (polls, options, voters) = await store.ManyAsync(connection, postIds, ct, transaction);
        var (voted, chosen) = await store.ViewerAsync(connection, postIds, viewer, ct, transaction);
        var now = clock.GetUtcNow();
        return polls.ToDictionary(p => p.PostId, p => View(p, options, voters.GetValueOrDefault(p.PostId), voted.Contains(p.PostId), chosen, true, now));
    }

    private static PollView View(PollRow poll, IReadOnlyList<PollOptionRow> options, int voters, bool voted, IReadOnlySet<long> chosen, bool forViewer, DateTimeOffset now) =>
        new(poll.PostId, poll.Multiple, poll.Anonymous, poll.ClosesAt, poll.ClosesZone, poll.ClosesAt is { } c && c <= now,
            options.Where(o => o.PostId == poll.PostId).Select(o => new PollOptionView(o.Id, o.Label, o.Votes, !poll.Anonymous && chosen.Contains(o.Id))).ToList(),
            voters, voted, forViewer);

    /// A deleted or hidden post's poll takes no votes and shows no voters.
    private Task<bool> IsListedAsync(DbConnection connection, DbTransaction? transaction, long postId, CancellationToken ct) =>
        store.IsListedAsync(connection, postId, ct, transaction);

    /// The date and time the author typed, in their time zone: after now and at most a year ahead.
    private async Task<(DateTimeOffset? At, string? Zone)> ClosingTimeAsync(FieldErrors errors, string value, long authorId, CancellationToken ct)
    {
        var zone = WorkingHours.Zone((await settings.SettingsAsync(authorId, ct)).TimeZone);
        var at = ClosingTime.Parse(errors, PollLimits.ClosesAtField, value, zone, clock.GetUtcNow(), PollLimits.MaxOpenDays,
            t["{0} is not a date.", t[PollLimits.ClosesAtField]], t["A poll closes in the future, at most a year ahead."]);
        return at is null ? (null, null) : (at, zone.Id);
    }
}
