using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Mail;

/// Invitations and password resets by mail: the one-time link (issued by the caller in the same write) goes into the
/// outbox, so the link exists exactly when its mail does.
public sealed class PasswordMails(MailStore store, MailComposer composer, MailOutbox outbox, IOptions<IntranetOptions> intranet)
{
    public bool Enabled => outbox.Enabled;

    /// False when the person is not active (nothing is queued).
    public async Task<bool> QueueAsync(WriteScope scope, long personId, bool reset, string path, DateTimeOffset validUntil)
    {
        if ((await store.RecipientsAsync(scope.Connection, scope.Transaction, [personId])).GetValueOrDefault(personId) is not { } to)
        {
            return false;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(intranet.Value.TimeZone);
        await outbox.EnqueueAsync(scope, composer.PasswordLink(to, reset, path, validUntil, zone));
        return true;
    }

    /// Inside the write that changes the person's address: links still waiting to go out are not sent to the old one.
    public Task CancelUnsentAsync(WriteScope scope, long personId) => store.CancelPasswordMailsAsync(scope.Connection, scope.Transaction, personId);
}
