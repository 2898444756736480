using System.Data.Common;
using System.Globalization;
using System.Text;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Ideas;

/// Idea rounds: an executive, admin or curator puts a question to the company or to departments until a closing time;
/// everyone asked brings in ideas and supports others'; the ranking is live and fixed at the closing time; the opener
/// then publishes the outcome, a post naming the chosen ideas, and their authors hear so. Every change is one
/// transaction with its post.ideas event, which renders the round's card again on every open screen.
public sealed class IdeaService(
    Database db, IdeaStore store, PostService posts, EventStore events, NotificationService notifications,
    CurationRights rights, DepartmentStore departments, PeopleStore people, NotificationStore settings,
    IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// The opening form: every department for executives and admins (and the whole company), the departments they
    /// curate for influencers and heads; null for anyone else.
    public async Task<RoundFormView?> FormAsync(Viewer viewer, RoundInput input, CancellationToken ct)
    {
        var company = CurationRights.MayPinCompanyWide(viewer);
        var all = await departments.ListAsync(ct);
        var curated = company ? null : await rights.CuratedAsync(viewer, ct);
        var mine = curated is null ? all : all.Where(d => curated.Contains(d.Id)).ToList();
        // Someone who looks after one department asks that one unless they untick it.
        if (!company && mine.Count == 1 && input.Departments is null)
        {
            input = input with { Departments = [mine[0].Id] };
        }

        return company || mine.Count > 0 ? new RoundFormView(input, mine, company) : null;
    }

    public async Task<bool> MayOpenAsync(Viewer viewer, CancellationToken ct) =>
        CurationRights.MayPinCompanyWide(viewer) || (await rights.CuratedAsync(viewer, ct)).Count > 0;

    /// A new round: its post (an article titled with the question) and the round in one transaction.
    public async Task<WriteResult> OpenAsync(Viewer viewer, RoundInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var question = errors.Text(IdeaLimits.QuestionField, input.Question, PostLimits.ArticleTitle);
        var about = errors.Text(IdeaLimits.AboutField, input.About, PostLimits.ArticleBody, singleLine: false);
        var zone = WorkingHours.Zone((await settings.SettingsAsync(viewer.Id, ct)).TimeZone);
        var closesAt = ClosingTime.Parse(errors, IdeaLimits.ClosesAtField, input.ClosesAt, zone, clock.GetUtcNow(), IdeaLimits.MaxOpenDays,
            t["{0} is not a date.", t[IdeaLimits.ClosesAtField]], t["A round closes in the future, at most {0} days ahead.", IdeaLimits.MaxOpenDays]);
        var chosen = (input.Departments ?? []).Distinct().ToList();
        var company = CurationRights.MayPinCompanyWide(viewer);
        if (chosen.Count == 0 && !company)
        {
            errors.Add(IdeaLimits.AudienceField, t["Choose the departments you ask: the whole company is asked by executives and admins."]);
        }
        else if (chosen.Count > 0)
        {
            var known = (await departments.ListAsync(ct)).Select(d => d.Id).ToHashSet();
            var curated = company ? known : await rights.CuratedAsync(viewer, ct);
            if (chosen.Any(id => !known.Contains(id)))
            {
                errors.Add(IdeaLimits.AudienceField, t["Unknown department."]);
            }
            else if (chosen.Any(id => !curated.Contains(id)))
            {
                return WriteResult.Forbidden;
            }
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        // The round's post lives in its department when it asks one, otherwise in the company feed.
        var post = new PostInput { Kind = PostKinds.Article, Title = question, Body = about, DepartmentId = chosen.Count == 1 ? chosen[0] : null };
        var result = await posts.PublishDraftAsync(viewer, post, mayAnnounce: false, clock.GetUtcNow(), _ => Task.FromResult(true), ct, async (scope, postId) =>
        {
            await store.InsertRoundAsync(scope, postId, closesAt!.Value, zone.Id, chosen);
            return [];
        });
        return result.Errors is { } postErrors ? result with { Errors = Renamed(postErrors) } : result;
    }

    /// The post's own field names ("Title", "Text") are the round's here, so each refusal shows at its field.
    private FieldErrors Renamed(FieldErrors postErrors)
    {
        var errors = new FieldErrors(t);
        foreach (var (field, message) in postErrors.All)
        {
            errors.Add(field switch { "Title" => IdeaLimits.QuestionField, "Text" => IdeaLimits.AboutField, _ => field }, message);
        }

        return errors;
    }

    /// The round on its post's page as this viewer sees it; null when the post is no round.
    public async Task<RoundView?> ViewAsync(Viewer viewer, long postId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await store.RoundAsync(connection, postId, ct) is not { } round)
        {
            return null;
        }

        var audience = await store.AudienceAsync(connection, postId, ct);
        var inAudience = await InAudienceAsync(connection, null, viewer.Id, audience.Select(a => a.Id).ToList(), ct);
        var ideas = await store.IdeasAsync(connection, postId, ct);
        var supported = await store.SupportedAsync(connection, postId, viewer.Id, ct);
        var supporters = await store.SupportersAsync(connection, postId, ct);
        var closed = round.IsClosed(clock.GetUtcNow());
        var open = !closed && round.Listed;
        var views = ideas.Select((idea, i) => new IdeaView(idea, i + 1, supported.Contains(idea.Id),
            open && inAudience && idea.AuthorId != viewer.Id, open && idea.AuthorId == viewer.Id)).ToList();
        var mayClose = closed && round.Listed && round.OutcomePostId is null && MayClose(viewer, round);
        return new RoundView(round, audience.Select(a => a.Name).ToList(), inAudience, closed, views, ideas.Count(i => i.AuthorId == viewer.Id), mayClose)
        {
            Supporters = supporters,
        };
    }

    /// The opener closes the round; admins too, so a round whose opener left still gets its outcome.
    private static bool MayClose(Viewer viewer, RoundRow round) => viewer.Id == round.OpenerId || viewer.IsAdmin;

    public async Task<RoundListView> ListAsync(Viewer viewer, CancellationToken ct)
    {
        var rounds = await store.ListAsync(ct);
        var now = clock.GetUtcNow();
        return new RoundListView(
            rounds.Where(r => r.ClosesAt > now).OrderBy(r => r.ClosesAt).ToList(),
            rounds.Where(r => r.ClosesAt <= now).ToList(),
            await MayOpenAsync(viewer, ct));
    }

    /// A new idea under the viewer's name.
    public async Task<IdeaResult> SubmitAsync(Viewer viewer, long roundId, IdeaInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var title = errors.Text(IdeaLimits.TitleField, input.Title, IdeaLimits.Title);
        var body = errors.Text(IdeaLimits.BodyField, input.Body, IdeaLimits.Body, singleLine: false, required: false);
        await using var scope = await db.BeginWriteAsync(ct);
        var refused = await RefusedAsync(scope, viewer, roundId, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (errors.Any)
        {
            return new IdeaResult(IdeaStatus.Invalid, Errors: errors);
        }

        if (await store.CountOfAuthorAsync(scope.Connection, roundId, viewer.Id, ct, scope.Transaction) >= IdeaLimits.PerPerson)
        {
            errors.Add(IdeaLimits.TitleField, t["You have brought in {0} ideas in this round already: withdraw one to add another.", IdeaLimits.PerPerson]);
            return new IdeaResult(IdeaStatus.TooMany, Errors: errors);
        }

        var id = await store.InsertIdeaAsync(scope, roundId, viewer.Id, title, body, clock.GetUtcNow());
        await events.AppendAsync(scope, EventKinds.PostIdeas, roundId, roundId, viewer.Id);
        await scope.CommitAsync(ct);
        return new IdeaResult(IdeaStatus.Ok, id);
    }

    /// Support given (on) or taken back. Returns the idea's round with Ok.
    public async Task<IdeaResult> SupportAsync(Viewer viewer, long ideaId, bool on, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (await store.IdeaAsync(scope.Connection, ideaId, ct, scope.Transaction) is not { } idea)
        {
            return new IdeaResult(IdeaStatus.NotFound);
        }

        if (await RefusedAsync(scope, viewer, idea.RoundId, ct) is { } refused)
        {
            return refused with { Id = idea.RoundId };
        }

        if (idea.AuthorId == viewer.Id)
        {
            return new IdeaResult(IdeaStatus.Forbidden, idea.RoundId);
        }

        if (await store.SetSupportAsync(scope, ideaId, viewer.Id, on))
        {
            // No actor: the feed hears that the ranking moved, not who moved it.
            await events.AppendAsync(scope, EventKinds.PostIdeas, idea.RoundId, idea.RoundId, actorId: null);
            await scope.CommitAsync(ct);
        }

        return new IdeaResult(IdeaStatus.Ok, idea.RoundId);
    }

    /// Its author takes an idea back while the round is open; its supports go with it.
    public async Task<IdeaResult> WithdrawAsync(Viewer viewer, long ideaId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (await store.IdeaAsync(scope.Connection, ideaId, ct, scope.Transaction) is not { } idea)
        {
            return new IdeaResult(IdeaStatus.NotFound);
        }

        if (idea.AuthorId != viewer.Id)
        {
            return new IdeaResult(IdeaStatus.Forbidden, idea.RoundId);
        }

        if (await store.RoundAsync(scope.Connection, idea.RoundId, ct, scope.Transaction) is not { Listed: true } round)
        {
            return new IdeaResult(IdeaStatus.NotFound);
        }

        if (round.IsClosed(clock.GetUtcNow()))
        {
            return new IdeaResult(IdeaStatus.Closed, idea.RoundId);
        }

        await store.DeleteIdeaAsync(scope, ideaId);
        await events.AppendAsync(scope, EventKinds.PostIdeas, idea.RoundId, idea.RoundId, viewer.Id);
        await scope.CommitAsync(ct);
        return new IdeaResult(IdeaStatus.Ok, idea.RoundId);
    }

    /// The outcome form: for the opener (and admins) once the round has closed and until its outcome is out.
    public async Task<(IdeaStatus Status, OutcomeView? View)> OutcomeFormAsync(Viewer viewer, long roundId, OutcomeInput? input, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var round = await store.RoundAsync(connection, roundId, ct);
        var status = CloseStatus(viewer, round);
        if (status != IdeaStatus.Ok)
        {
            return (status, null);
        }

        var ideas = await store.IdeasAsync(connection, roundId, ct);
        return (IdeaStatus.Ok, new OutcomeView(round!, ideas, input ?? new OutcomeInput { Title = DefaultTitle(round!.Question) }));
    }

    private string DefaultTitle(string question)
    {
        var title = t["Outcome: {0}", question].Value;
        return title.Length <= IdeaLimits.OutcomeTitle ? title : title[..(IdeaLimits.OutcomeTitle - 1)] + "…";
    }

    private IdeaStatus CloseStatus(Viewer viewer, RoundRow? round) => round switch
    {
        null or { Listed: false } => IdeaStatus.NotFound,
        _ when !MayClose(viewer, round) => IdeaStatus.Forbidden,
        _ when !round.IsClosed(clock.GetUtcNow()) || round.OutcomePostId is not null => IdeaStatus.Closed,
        _ => IdeaStatus.Ok,
    };

    /// The outcome: a post by the closer in the round's department, its text followed by the chosen ideas in their
    /// final order, each linking to its place in the round; the round records it, the ideas are marked chosen, and
    /// their authors are notified, all in the post's transaction.
    public async Task<IdeaResult> CloseAsync(Viewer viewer, long roundId, OutcomeInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var title = errors.Text(IdeaLimits.OutcomeTitleField, input.Title, IdeaLimits.OutcomeTitle);
        var text = errors.Text(IdeaLimits.OutcomeTextField, input.Text, IdeaLimits.OutcomeText, singleLine: false);
        var chosenIds = (input.Chosen ?? []).Distinct().ToList();
        RoundRow? round;
        IReadOnlyList<IdeaRow> ideas;
        await using (var connection = await db.OpenAsync(ct))
        {
            round = await store.RoundAsync(connection, roundId, ct);
            if (CloseStatus(viewer, round) is var status && status != IdeaStatus.Ok)
            {
                return new IdeaResult(status);
            }

            ideas = await store.IdeasAsync(connection, roundId, ct);
        }

        var chosen = ideas.Where(i => chosenIds.Contains(i.Id)).ToList();
        if (chosen.Count != chosenIds.Count)
        {
            errors.Add(IdeaLimits.ChosenField, t["Choose among the round's own ideas."]);
        }

        if (errors.Any)
        {
            return new IdeaResult(IdeaStatus.Invalid, Errors: errors);
        }

        var post = new PostInput { Kind = PostKinds.Article, Title = title, Body = OutcomeBody(text, round!, chosen), DepartmentId = round!.DepartmentId };
        var result = await posts.PublishDraftAsync(viewer, post, mayAnnounce: false, clock.GetUtcNow(), async scope =>
        {
            // Inside the writer's transaction: of two closers at once, the second finds the outcome there.
            var now = await store.RoundAsync(scope.Connection, roundId, ct, scope.Transaction);
            return now is { OutcomePostId: null, Listed: true };
        }, ct, async (scope, postId) =>
        {
            var authors = await store.CloseAsync(scope, roundId, postId, chosen.Select(i => i.Id).ToList());
            await events.AppendAsync(scope, EventKinds.PostIdeas, roundId, roundId, viewer.Id);
            return await notifications.IdeaChosenAsync(scope.Connection, scope.Transaction, viewer.Id, postId, authors);
        });
        return result.Status switch
        {
            WriteStatus.Ok => new IdeaResult(IdeaStatus.Ok, result.Id),
            WriteStatus.NotFound => new IdeaResult(IdeaStatus.Closed),
            _ => new IdeaResult(IdeaStatus.Invalid, Errors: Outcome(result.Errors)),
        };
    }

    private FieldErrors Outcome(FieldErrors? postErrors)
    {
        var errors = new FieldErrors(t);
        foreach (var (field, message) in postErrors?.All ?? new Dictionary<string, string>())
        {
            errors.Add(field == "Title" ? IdeaLimits.OutcomeTitleField : IdeaLimits.OutcomeTextField, message);
        }

        return errors;
    }

    /// The closer's text, then the chosen ideas as a list of links into the round (their titles escaped, so an idea
    /// called "[x](javascript:…)" stays words), then the way back to the round.
    private string OutcomeBody(string text, RoundRow round, IReadOnlyList<IdeaRow> chosen)
    {
        var body = new StringBuilder(text.TrimEnd()).Append("\n\n");
        if (chosen.Count > 0)
        {
            body.Append("**").Append(Escape(t["Chosen ideas"])).Append("**\n\n");
            foreach (var idea in chosen)
            {
                body.Append(CultureInfo.InvariantCulture, $"- [{Escape(idea.Title)}](/posts/{round.PostId}#idea-{idea.Id}) ({Escape(t["by {0}", idea.AuthorName])}, {Escape(t.Plural("{0} supports", idea.Supports))})\n");
            }

            body.Append('\n');
        }

        body.Append(CultureInfo.InvariantCulture, $"[{Escape(t["To the idea round"])}](/posts/{round.PostId})\n");
        return body.ToString();
    }

    /// Backslash before every ASCII punctuation character: CommonMark then reads each as itself.
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c > 127 || char.IsWhiteSpace(c))
            {
                escaped.Append(c is '\n' or '\r' ? ' ' : c);
            }
            else
            {
                escaped.Append('\\').Append(c);
            }
        }

        return escaped.ToString();
    }

    /// Why this viewer may not bring in or support ideas in this round now, or null.
    private async Task<IdeaResult?> RefusedAsync(WriteScope scope, Viewer viewer, long roundId, CancellationToken ct)
    {
        var round = await store.RoundAsync(scope.Connection, roundId, ct, scope.Transaction);
        if (round is not { Listed: true })
        {
            return new IdeaResult(IdeaStatus.NotFound);
        }

        if (round.IsClosed(clock.GetUtcNow()))
        {
            return new IdeaResult(IdeaStatus.Closed, roundId);
        }

        var audience = (await store.AudienceAsync(scope.Connection, roundId, ct, scope.Transaction)).Select(a => a.Id).ToList();
        return await InAudienceAsync(scope.Connection, scope.Transaction, viewer.Id, audience, ct) ? null : new IdeaResult(IdeaStatus.NotAudience, roundId);
    }

    /// Everyone is asked by a company-wide round; a department round asks the people in those departments and below.
    private async Task<bool> InAudienceAsync(DbConnection connection, DbTransaction? transaction, long userId, IReadOnlyList<long> audience, CancellationToken ct)
    {
        if (audience.Count == 0)
        {
            return true;
        }

        if ((await people.CardAsync(userId, ct))?.DepartmentId is not { } own)
        {
            return false;
        }

        foreach (var departmentId in audience)
        {
            if ((await departments.SubtreeAsync(connection, departmentId, ct, transaction)).Contains(own))
            {
                return true;
            }
        }

        return false;
    }
}
