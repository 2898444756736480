using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Intranet.Blog.Features.Mail;

/// How a mail server is reached: StartTls (port 587, the default), SslOnConnect (port 465), or None, which is only
/// allowed to a server on this machine (loopback), where nothing crosses a network.
public enum MailSecurity
{
    StartTls,
    SslOnConnect,
    None,
}

/// <summary>Settings under <c>Intranet:Mail</c>. Without a host, e-mail is off: nothing is queued, and the settings page
/// says so. The password comes from the environment (<c>Intranet__Mail__Password</c>) or another secret store, never
/// from the database, and is never logged.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Intranet:Mail";

    /// <summary><c>Intranet:Mail:Host</c>: the SMTP server. Empty switches e-mail off.</summary>
    [StringLength(253)]
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>Intranet:Mail:From</c>: the sender, e.g. <c>Intranet &lt;intranet@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary><c>Intranet:Mail:PublicUrl</c>: the address people open the app at (https://intranet.example.com), for
    /// the links in mails.</summary>
    public string? PublicUrl { get; set; }

    /// <summary><c>Intranet:Mail:MustReadGraceMinutes</c>: how long a must-read announcement may stay unopened in the
    /// app before it is mailed.</summary>
    [Range(0, 7 * 24 * 60)]
    public int MustReadGraceMinutes { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    // Methods, not properties: option validation reads every property, also of options that are not valid yet.
    public Uri BaseUri() => new(PublicUrl!.TrimEnd('/') + "/");

    public MailboxAddress Sender() => MailboxAddress.Parse(From!);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        // MimeKit also takes a bare local part ("intranet"), which every mail server refuses as a sender.
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out var sender) || sender is not MailboxAddress { Domain.Length: > 0 })
        {
            yield return new ValidationResult("Intranet:Mail:From must be a sender address such as 'Intranet <intranet@example.com>'.", [nameof(From)]);
        }

        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Query.Length > 0)
        {
            yield return new ValidationResult("Intranet:Mail:PublicUrl must be the app's address, such as https://intranet.example.com.", [nameof(PublicUrl)]);
        }

        if (Security == MailSecurity.None && !IsLoopback(Host!))
        {
            yield return new ValidationResult("Intranet:Mail:Security=None is only allowed to a mail server on this machine; use StartTls or SslOnConnect.", [nameof(Security)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Intranet:Mail:UserName and Intranet:Mail:Password are set together or not at all.", [nameof(UserName)]);
        }
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
