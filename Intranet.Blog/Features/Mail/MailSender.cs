using Intranet.Blog.Infrastructure.Db;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Intranet.Blog.Features.Mail;

/// Sends the outbox through SMTP. Each attempt is claimed in the database before the first byte goes out and marked
/// sent after the server accepted the message: a crash in between leaves the claim, and the next start sends the
/// mail again with the same Message-ID (a receiving server or client that sees it twice shows it once). A temporary
/// failure (the server unreachable, a 4xx answer) is tried again later, waiting twice as long each time up to six
/// hours; a permanent one (5xx) or the tenth attempt ends the mail as failed, with the reason kept.
public sealed partial class MailSender(MailStore store, Database db, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> logger) : BackgroundService
{
    public const int MaxAttempts = 10;
    private const int BatchSize = 20;
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// A mail was just written: send without waiting for the next look.
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(Math.Pow(2, Math.Max(0, attempts - 1)), 360));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await Task.Yield();
        var released = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Longest;
            try
            {
                // One node sends (with several, the others wait): an interrupted claim is released only by the node
                // that takes the outbox over, never while another may be sending it.
                if (!await db.RunsJobAsync(nameof(MailSender), stoppingToken))
                {
                    released = false;
                    wait = Database.JobStandby;
                }
                else
                {
                    if (!released)
                    {
                        var count = await store.ReleaseInterruptedAsync(clock.GetUtcNow(), stoppingToken);
                        released = true;
                        if (count > 0)
                        {
                            Resumed(logger, count);
                        }
                    }

                    while (await SendDueAsync(stoppingToken) > 0)
                    {
                    }

                    if (await store.NextDueAsync(stoppingToken) is { } next && next - clock.GetUtcNow() < wait)
                    {
                        wait = next - clock.GetUtcNow();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Failed(logger, ex);
            }

            try
            {
                await _wake.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// Sends what is due now over one connection; returns how many mails the server accepted.
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return 0;
        }

        var batch = await store.ClaimDueAsync(clock.GetUtcNow(), BatchSize, ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        using var client = new SmtpClient { Timeout = 60_000 };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, Socket(o.Security), ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Unreachable(logger, o.Host!, o.Port, Describe(ex));
            foreach (var row in batch)
            {
                await TryAgainLaterAsync(row, Describe(ex), ct);
            }

            return 0;
        }

        var accepted = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            MimeMessage message;
            try
            {
                message = Message(row, o);
            }
            catch (ParseException ex)
            {
                await store.MarkFailedAsync(row.Id, clock.GetUtcNow(), "Invalid address: " + ex.Message, ct);
                Refused(logger, row.Id, row.Kind, "invalid address");
                continue;
            }

            try
            {
                await client.SendAsync(message, ct);
                await store.MarkSentAsync(row.Id, clock.GetUtcNow(), ct);
                accepted++;
            }
            catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
            {
                await store.MarkFailedAsync(row.Id, clock.GetUtcNow(), Describe(ex), ct);
                Refused(logger, row.Id, row.Kind, Describe(ex));
            }
            catch (SmtpCommandException ex)
            {
                await TryAgainLaterAsync(row, Describe(ex), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The connection is gone: this mail and the rest of the batch wait for the next attempt.
                foreach (var rest in batch.Skip(i))
                {
                    await TryAgainLaterAsync(rest, Describe(ex), ct);
                }

                return accepted;
            }
        }

        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Everything was handed over; a failed goodbye changes nothing.
            QuitFailed(logger, Describe(ex));
        }

        return accepted;
    }

    private async Task TryAgainLaterAsync(OutboxRow row, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (row.Attempts >= MaxAttempts)
        {
            await store.MarkFailedAsync(row.Id, now, error, ct);
            Refused(logger, row.Id, row.Kind, $"{MaxAttempts} attempts: {error}");
        }
        else
        {
            await store.MarkRetryAsync(row.Id, now + Backoff(row.Attempts), error, ct);
        }
    }

    public static MimeMessage Message(OutboxRow row, MailOptions o)
    {
        var message = new MimeMessage { Subject = row.Subject, MessageId = row.MessageId };
        // Every subject goes out as encoded words: left as plain ASCII, a title that contains "=?utf-8?B?…?=" would be
        // decoded by the reader's mail client into characters nobody typed.
        message.Headers.First(h => h.Id == HeaderId.Subject).SetRawValue(System.Text.Encoding.ASCII.GetBytes(EncodedWords(row.Subject)));
        message.From.Add(o.Sender());
        message.To.Add(new MailboxAddress(row.ToName, row.ToAddress));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (row.Unsubscribe is { } link)
        {
            // RFC 8058: a mail client's one-click button POSTs to the address; the link itself only shows a page.
            message.Headers.Add("List-Unsubscribe", $"<{link}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new BodyBuilder { TextBody = row.TextBody, HtmlBody = row.HtmlBody }.ToMessageBody();
        return message;
    }

    /// RFC 2047 B-encoded words of at most 45 bytes of UTF-8 each (75 characters encoded), on folded lines.
    public static string EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new System.Text.StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes > 0 && bytes + rune.Utf8SequenceLength > 45)
            {
                words.Add(chunk.ToString());
                chunk.Clear();
                bytes = 0;
            }

            chunk.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }

        words.Add(chunk.ToString());
        return " " + string.Join("\r\n ", words.Select(w => "=?utf-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(w)) + "?=")) + "\r\n";
    }

    private static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    // The reason kept with the mail and logged: the exception's own words, never the settings (no password).
    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        return text.Length <= 500 ? text : text[..500];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending mail failed; trying again shortly")]
    private static partial void Failed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail server {Host}:{Port} could not be reached ({Reason}); the mails wait and are tried again")]
    private static partial void Unreachable(ILogger logger, string host, int port, string reason);

    // The outbox row's id, not the address: the log is no list of who was mailed what.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {Id} ({Kind}) failed for good and will not be sent: {Reason}")]
    private static partial void Refused(ILogger logger, long id, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} mails whose sending was interrupted by the last stop are sent again, with their Message-ID")]
    private static partial void Resumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the mail connection failed: {Reason}")]
    private static partial void QuitFailed(ILogger logger, string reason);
}
