namespace Intranet.Blog.Features.Mail;

/// What a mail is for: each kind but the password link can be switched off on its own (and unsubscribed from).
public static class MailKinds
{
    public const string Digest = "digest";
    public const string MustRead = "must_read";
    public const string Mention = "mention";

    // Invitations and password resets: asked for, so nobody unsubscribes from them.
    public const string Password = "password";

    public static bool CanUnsubscribe(string kind) => kind is Digest or MustRead or Mention;
}

/// How often the digest comes: daily (each working day) or weekly (Mondays), at the start of the person's working hours.
public static class DigestEvery
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Off = "off";

    public static bool IsKnown(string? value) => value is Daily or Weekly or Off;
}

/// A person's choices; someone who never saved any has these defaults (the one place they are written).
public sealed record MailPreferences
{
    public string Digest { get; init; } = DigestEvery.Weekly;
    public bool MustRead { get; init; } = true;
    public bool Mentions { get; init; }

    public static MailPreferences Default { get; } = new();

    public bool Wants(string kind) => kind switch
    {
        MailKinds.Digest => Digest != DigestEvery.Off,
        MailKinds.MustRead => MustRead,
        MailKinds.Mention => Mentions,
        _ => true,
    };
}

/// A mail to write to the outbox. Unsubscribe is the one-click address for kinds one can switch off.
public sealed record OutgoingMail(long? UserId, string Kind, string ToAddress, string ToName, string Subject, string TextBody, string HtmlBody, string? Unsubscribe);

/// A mail in the outbox, claimed for an attempt.
public sealed record OutboxRow
{
    public long Id { get; init; }
    public string MessageId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ToAddress { get; init; } = "";
    public string ToName { get; init; } = "";
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string HtmlBody { get; init; } = "";
    public string? Unsubscribe { get; init; }
    public int Attempts { get; init; }
}

/// Who a mail goes to: their address, name and language.
public sealed record MailRecipient
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Locale { get; init; } = "de";
}

/// One post a mail names: announcements and the most-discussed posts of the digest, the must-read mailed at once.
public sealed record MailPost
{
    public long PostId { get; init; }
    public string? Title { get; init; }
    public string Excerpt { get; init; } = "";
    public string Author { get; init; } = "";
    public bool MustRead { get; init; }
    public string? DueOn { get; init; }
    public int Comments { get; init; }
}

/// A post or comment named in a mail to a person (comment 0: the post itself).
public sealed record MailItem(long PostId, long CommentId);
