using System.Collections.Concurrent;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Account;

/// "Forgot your password?": a reset link by mail (an invitation for someone who never chose a password). The page
/// answers the same whether or not the address belongs to anyone, and the mail goes only to the address on file, so
/// the form tells a stranger nothing and gives them nothing. One link per person every few minutes: the form cannot
/// be used to flood someone's inbox.
public sealed class PasswordResetRequests(SqliteConnectionFactory db, AccountStore accounts, OneTimeLinks links, PasswordMails mails, AuditStore audit, TimeProvider clock)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastSent = new();

    public bool Enabled => mails.Enabled;

    public async Task RequestAsync(string email, CancellationToken ct)
    {
        if (!mails.Enabled || await accounts.FindForSignInAsync(email, ct) is not { IsActive: true } account)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (_lastSent.TryGetValue(account.Id, out var last) && now - last < Cooldown)
        {
            return;
        }

        _lastSent[account.Id] = now;
        await using var scope = await db.BeginWriteAsync(ct);
        await links.RevokeAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, account.Id);
        var token = await links.IssueAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, account.Id, now + ValidFor);
        await mails.QueueAsync(scope, account.Id, reset: account.PasswordHash is not null, SetPasswordLink.Path(token), now + ValidFor);
        await audit.InsertAsync(scope.Connection, scope.Transaction, account.Id, AuditActions.PasswordResetMailed, AuditActions.Person(account.Id), "");
        await scope.CommitAsync(ct);
    }
}
