using System.Threading.Channels;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Nodes;

namespace Intranet.Blog.Features.Account;

/// "Forgot your password?": a reset link by mail (an invitation for someone who never chose a password), only ever to
/// the address on file. The form tells a stranger nothing: the answer is the same for every address, and it comes
/// before anything is looked up, because the work is queued and done here in the background, so even the answer's
/// timing says nothing. One network address may ask 30 times in 15 minutes, counted apart from failed sign-ins (on a
/// shared address the form must not lock everyone out of signing in); one person gets one link every few minutes.
/// A new link does not end earlier ones: an invitation an admin printed keeps working until a password is chosen.
public sealed partial class PasswordResetRequests(
    Database db, AccountStore accounts, OneTimeLinks links, PasswordMails mails, AuditStore audit, LocalPasswordPolicy local, TimeProvider clock,
    ILogger<PasswordResetRequests> logger, SharedLimits? shared = null) : BackgroundService
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(5);

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly AddressThrottle _perNetworkAddress = new("password-reset", clock, shared);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _lastSent = new();

    public bool Enabled => mails.Enabled;

    /// False when this network address has asked too often; true otherwise, whatever the e-mail address.
    public async Task<bool> RequestAsync(string email, string networkAddress)
    {
        if (await _perNetworkAddress.IsBlockedAsync(networkAddress))
        {
            return false;
        }

        await _perNetworkAddress.FailedAsync(networkAddress);
        if (mails.Enabled)
        {
            _queue.Writer.TryWrite(email);
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Failed(logger, ex);
            }
        }
    }

    private async Task SendAsync(string email, CancellationToken ct)
    {
        // Nobody gets a link to a password they may not use (the directory checks theirs, or local passwords are off);
        // the page's answer is the same either way.
        if (await accounts.FindForSignInAsync(email, ct) is not { IsActive: true } account || !local.AllowedFor(account.Email, account.Role, account.DirectoryId))
        {
            return;
        }

        var now = clock.GetUtcNow();
        // Several nodes: the requests for one person may come through any of them. (Redis unreachable: an error,
        // logged; the person asks again.)
        var first = shared is not null
            ? await shared.FirstWithinAsync("password-reset-sent:" + account.Id, Cooldown)
            : FirstHere(account.Id, now);
        if (!first)
        {
            return;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        var token = await links.IssueAsync(scope.Connection, scope.Transaction, LinkPurposes.SetPassword, account.Id, now + ValidFor);
        await mails.QueueAsync(scope, account.Id, reset: account.PasswordHash is not null, SetPasswordLink.Path(token), now + ValidFor);
        await audit.InsertAsync(scope.Connection, scope.Transaction, account.Id, AuditActions.PasswordResetMailed, AuditActions.Person(account.Id), "");
        await scope.CommitAsync(ct);
    }

    private bool FirstHere(long personId, DateTimeOffset now)
    {
        if (_lastSent.TryGetValue(personId, out var last) && now - last < Cooldown)
        {
            return false;
        }

        _lastSent[personId] = now;
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A password reset link asked for on the sign-in page could not be written")]
    private static partial void Failed(ILogger logger, Exception exception);
}
