using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Mail;

/// Where every feature hands a mail over: written to the outbox inside the caller's write, so the mail exists exactly
/// when its cause commits, and the sender is woken once it has.
public sealed class MailOutbox(MailStore store, MailSender sender, IOptions<MailOptions> options, TimeProvider clock)
{
    public bool Enabled => options.Value.Enabled;

    public async Task EnqueueAsync(WriteScope scope, OutgoingMail mail)
    {
        if (!Enabled)
        {
            throw new InvalidOperationException("E-mail is not configured (Intranet:Mail:Host).");
        }

        // The Message-ID is the mail's identity from here on: every attempt, before and after a crash, carries it.
        var messageId = $"{Guid.NewGuid():N}@{options.Value.BaseUri().Host}";
        await store.EnqueueAsync(scope.Connection, scope.Transaction, mail, messageId, clock.GetUtcNow());
        scope.AfterCommit(sender.Wake);
    }
}
