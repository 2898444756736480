using System.Globalization;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.AnonymousQuestions;

/// Questions to leadership without a name. Sending one writes the question and the hash of its private link's token,
/// nothing about the person sending it; moderators (admins, named in the audit log) release it as a post titled
/// "Anonyme Frage" under their own name, or decline it with a reason the asker reads under their link.
public sealed class AnonymousQuestionService(
    Database db, AnonymousQuestionStore store, AskerLimit limit, PostService posts, AuditStore audit, QuestionsPusher pusher,
    PostStore postRows, PeopleStore people, NotificationService notifications,
    IStringLocalizer<SharedResource> t, IOptions<IntranetOptions> options, TimeProvider clock)
{
    /// The new question's private token (only its hash is stored), or the errors.
    public async Task<(QuestionOutcome Outcome, string? Token, FieldErrors Errors)> AskAsync(long userId, AskInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var body = errors.Text(QuestionLimits.BodyField, input.Body, QuestionLimits.Body, singleLine: false);
        if (errors.Any)
        {
            return (QuestionOutcome.Invalid, null, errors);
        }

        // The person is used here, for the limit, and nowhere after.
        if (!limit.TryTake(userId))
        {
            errors.Add(QuestionLimits.BodyField, t["You have sent {0} questions today already. Please ask again tomorrow.", QuestionLimits.PerDay]);
            return (QuestionOutcome.TooMany, null, errors);
        }

        var token = SecretTokens.New(32);
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            await store.InsertAsync(scope, body, SecretTokens.Hash(token));
            await scope.CommitAsync(ct);
        }

        // As after an anonymous vote: the log would keep this write next to the asker's own writes just before it.
        await db.EmptyLogAsync(CancellationToken.None);
        await pusher.PushAsync(ct);
        return (QuestionOutcome.Ok, token, errors);
    }

    /// Null for a token that is no question's (a guess, a typo): the same answer as for one that never existed.
    public async Task<QuestionRow?> ByTokenAsync(string? token, CancellationToken ct) =>
        string.IsNullOrEmpty(token) || token.Length > 100 ? null : await store.ByTokenHashAsync(SecretTokens.Hash(token), ct);

    public async Task<QuestionQueueView> QueueAsync(CancellationToken ct)
    {
        var (waiting, decided) = await store.QueueAsync(ct);
        return new QuestionQueueView(waiting, decided);
    }

    /// The question becomes a company-wide article by the moderator, titled "Anonyme Frage" in the organisation's
    /// language; executives answer it in its comments. Returns the post's id.
    public async Task<(QuestionOutcome Outcome, long PostId)> ReleaseAsync(Viewer moderator, long id, CancellationToken ct)
    {
        if (!moderator.IsAdmin)
        {
            return (QuestionOutcome.Forbidden, 0);
        }

        if (await store.GetAsync(id, ct) is not { } question)
        {
            return (QuestionOutcome.NotFound, 0);
        }

        if (question.Status != QuestionStatus.Waiting)
        {
            return (QuestionOutcome.Decided, 0);
        }

        var input = new PostInput { Kind = PostKinds.Article, Title = InOrganisationLanguage("Anonymous question"), Body = question.Body };
        // The question is claimed in the post's own transaction: two moderators releasing at once make one post.
        var result = await posts.PublishDraftAsync(moderator, input, mayAnnounce: false, clock.GetUtcNow(), async scope =>
        {
            if (!await store.DecideAsync(scope.Connection, scope.Transaction, id, QuestionStatus.Released, moderator.Id, null, clock.GetUtcNow()))
            {
                return false;
            }

            await audit.InsertAsync(scope.Connection, scope.Transaction, moderator.Id, AuditActions.QuestionReleased, "", AuditActions.Details(new { question = id }));
            return true;
        }, ct, async (scope, postId) =>
        {
            // Linked, locked against edits and put to leadership with the post itself: a crash leaves all or nothing.
            await store.LinkPostAsync(scope, id, postId);
            await postRows.LockAsync(scope.Connection, scope.Transaction, postId);
            return await notifications.AnonymousQuestionAsync(scope.Connection, scope.Transaction, moderator.Id, postId, await people.ExecutiveIdsAsync(scope.Connection, scope.Transaction));
        });
        if (result.Status == WriteStatus.NotFound)
        {
            return (QuestionOutcome.Decided, 0);
        }

        if (result.Status != WriteStatus.Ok)
        {
            // The text passed as a question but not as a post (a mention of nobody, Markdown nested too deep): it stays waiting.
            return (QuestionOutcome.Invalid, 0);
        }

        await pusher.PushAsync(ct);
        return (QuestionOutcome.Ok, result.Id);
    }

    public async Task<(QuestionOutcome Outcome, FieldErrors Errors)> DeclineAsync(Viewer moderator, long id, DeclineInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        if (!moderator.IsAdmin)
        {
            return (QuestionOutcome.Forbidden, errors);
        }

        var reason = errors.Text(QuestionLimits.ReasonField, input.Reason, QuestionLimits.Reason, singleLine: false);
        if (errors.Any)
        {
            return (QuestionOutcome.Invalid, errors);
        }

        await using (var scope = await db.BeginWriteAsync(ct))
        {
            if (!await store.DecideAsync(scope.Connection, scope.Transaction, id, QuestionStatus.Declined, moderator.Id, reason, clock.GetUtcNow()))
            {
                return (QuestionOutcome.Decided, errors);
            }

            await audit.InsertAsync(scope.Connection, scope.Transaction, moderator.Id, AuditActions.QuestionDeclined, "", AuditActions.Details(new { question = id, reason }));
            await scope.CommitAsync(ct);
        }

        await pusher.PushAsync(ct);
        return (QuestionOutcome.Ok, errors);
    }

    private string InOrganisationLanguage(string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = WebSetup.Culture(options.Value.DefaultCulture);
        try
        {
            return t[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
