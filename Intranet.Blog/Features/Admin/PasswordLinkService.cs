using Dapper;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Admin;

/// One link handed to one person: Path is relative (the page adds the server's address); Reset tells a reset from an invitation.
public sealed record PasswordLinkRow(long PersonId, string Name, string Email, bool Reset, string Path);

/// The links of one POST, shown once: the tokens are kept only as hashes, so this page is the only place they appear.
/// Mailed: each link also went to its person by mail (when this server sends mail).
public sealed record PasswordLinksView(IReadOnlyList<PasswordLinkRow> Links, DateTimeOffset ValidUntil, bool Mailed = false);

/// Invitations and password resets are the same one-time link (Features/Links, purpose SetPassword): it opens a page
/// where the person chooses their own password. A person without a password gets an invitation, one with a password
/// a reset; nobody ever sees or hands on a password. A new link for a person replaces their earlier unused ones, so
/// only the sheet printed last works. The current password stays valid until the link is used.
public sealed class PasswordLinkService(
    Database db, PeopleAdminStore users, OneTimeLinks links, PasswordMails mails, AuditStore audit, LocalPasswordPolicy local, TimeProvider clock)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(14);

    /// A link for one active person; null when there is no such active person, or none who may keep a password here
    /// (the directory checks theirs, or local passwords are off).
    public async Task<PasswordLinksView?> ForPersonAsync(long actorId, long id, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var person = await users.GetAsync(scope.Connection, scope.Transaction, id);
        if (person is null || !person.Card.IsActive || !local.AllowedFor(person.Email, person.Role, person.DirectoryId))
        {
            return null;
        }

        var view = await IssueAsync(scope, [new PasswordTarget { Id = id, DisplayName = person.Card.DisplayName, Email = person.Email, HasPassword = person.HasPassword }]);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId,
            person.HasPassword ? AuditActions.PasswordResetIssued : AuditActions.InvitationIssued, AuditActions.Person(id), "");
        await scope.CommitAsync(ct);
        return view;
    }

    /// Invitations for every active person who has no password yet (after an import: the whole import), by name.
    public async Task<PasswordLinksView> ForEveryoneWithoutPasswordAsync(long actorId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var people = (await users.WithoutPasswordAsync(scope.Connection, scope.Transaction))
            .Where(p => local.AllowedFor(p.Email, p.Role, p.DirectoryId)).ToList();
        var view = await IssueAsync(scope, people);
        if (people.Count > 0)
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.InvitationsIssued, "",
                AuditActions.Details(new { count = people.Count }));
        }

        await scope.CommitAsync(ct);
        return view;
    }

    private async Task<PasswordLinksView> IssueAsync(WriteScope scope, IReadOnlyList<PasswordTarget> people)
    {
        var validUntil = clock.GetUtcNow() + ValidFor;
        var rows = new List<PasswordLinkRow>(people.Count);
        foreach (var person in people)
        {
            await links.RevokeAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, person.Id);
            var token = await links.IssueAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, person.Id, validUntil);
            rows.Add(new PasswordLinkRow(person.Id, person.DisplayName, person.Email, person.HasPassword, SetPasswordLink.Path(token)));
            if (mails.Enabled)
            {
                await mails.QueueAsync(scope, person.Id, person.HasPassword, SetPasswordLink.Path(token), validUntil);
            }
        }

        return new PasswordLinksView(rows, validUntil, mails.Enabled && rows.Count > 0);
    }
}
