using System.Globalization;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Mail;

/// Writes each kind of mail in its recipient's language, with a text and an HTML part that say the same and link
/// into the app. Nothing here reads the database: the planner hands over what a mail names.
public sealed partial class MailComposer(IStringLocalizer<SharedResource> t, IOptions<MailOptions> options, UnsubscribeLinks unsubscribe)
{
    private Uri Base => options.Value.BaseUri();

    private Uri Post(long postId, long? commentId = null) =>
        new(Base, commentId is { } c and > 0 ? $"posts/{postId}#comment-{c}" : $"posts/{postId}");

    private Uri Settings => new(Base, "mail/settings");

    public OutgoingMail MustRead(MailRecipient to, MailPost post) => In(to, () =>
    {
        var title = TitleOf(post);
        var subject = t["Please read: {0}", title].Value;
        var body = new MailBody(to.Locale)
            .Paragraph(t["{0} addressed a must-read announcement to you, which you have not opened yet. Please read it and confirm “I have read and understood”.", post.Author])
            .Item(title, Post(post.PostId), Due(post), post.Excerpt)
            .Button(t["Open the announcement"], Post(post.PostId));
        return Finish(to, MailKinds.MustRead, subject, body, t["You get this mail because a must-read announcement is addressed to you."]);
    });

    public OutgoingMail Mention(MailRecipient to, NotificationItem item) => In(to, () =>
    {
        var sentence = Html(NotificationText.Sentence(item, t));
        var subject = MailBody.PlainText(sentence);
        var body = new MailBody(to.Locale).HtmlItem(sentence, Post(item.Row.PostId, item.Row.CommentId), null, item.Row.PostExcerpt);
        return Finish(to, MailKinds.Mention, subject, body, t["You get this mail because you chose to hear about mentions by mail."]);
    });

    public OutgoingMail Digest(MailRecipient to, bool daily, IReadOnlyList<MailPost> announcements, IReadOnlyList<NotificationItem> personal, IReadOnlyList<MailPost> discussed) => In(to, () =>
    {
        var count = announcements.Count + personal.Count + discussed.Count;
        var subject = daily ? t.Plural("Your daily digest: {0} things you missed", count) : t.Plural("Your weekly digest: {0} things you missed", count);
        var body = new MailBody(to.Locale).Paragraph(t["Hello {0}, this is what you missed in the intranet.", to.DisplayName]);
        if (announcements.Count > 0)
        {
            body.Heading(t["Announcements you have not opened"]);
            foreach (var post in announcements)
            {
                body.Item(TitleOf(post), Post(post.PostId), post.MustRead ? Due(post) ?? t["Must-read"].Value : t["From {0}", post.Author].Value, post.Excerpt);
            }
        }

        if (personal.Count > 0)
        {
            body.Heading(t["Mentions and answers"]);
            foreach (var item in personal)
            {
                body.HtmlItem(Html(NotificationText.Sentence(item, t)), Post(item.Row.PostId, item.Row.CommentId), null, null);
            }
        }

        if (discussed.Count > 0)
        {
            body.Heading(t["Most discussed in what you follow"]);
            foreach (var post in discussed)
            {
                body.Item(TitleOf(post), Post(post.PostId), t["From {0}", post.Author] + " · " + t.Plural("{0} comments", post.Comments), post.Excerpt);
            }
        }

        var why = daily ? t["You get this digest every working day."] : t["You get this digest every Monday."];
        return Finish(to, MailKinds.Digest, subject, body, why);
    });

    /// An invitation (reset false) or a password reset: the one-time link, and until when it works.
    public OutgoingMail PasswordLink(MailRecipient to, bool reset, string path, DateTimeOffset validUntil, TimeZoneInfo zone) => In(to, () =>
    {
        var link = new Uri(Base, path.TrimStart('/'));
        var until = TimeZoneInfo.ConvertTime(validUntil, zone).ToString("g", CultureInfo.CurrentCulture);
        var subject = reset ? t["Choose a new password"].Value : t["Your invitation to the intranet"].Value;
        var body = new MailBody(to.Locale)
            .Paragraph(t["Hello {0},", to.DisplayName])
            .Paragraph(reset ? t["someone asked for a new password for your account. If it was you, choose one with this link; otherwise ignore this mail and your password stays as it is."]
                : t["you are invited to the intranet. Choose your password with this link to sign in."])
            .Button(reset ? t["Choose a new password"] : t["Choose my password"], link)
            .Paragraph(t["The link works once, until {0}.", until]);
        var mail = Finish(to, MailKinds.Password, subject, body, t["You get this mail because a link to set your password was asked for."]);
        return mail;
    });

    private OutgoingMail Finish(MailRecipient to, string kind, string subject, MailBody body, string why)
    {
        // A subject is one line: line breaks and other control characters of a title become spaces.
        subject = ControlCharacters().Replace(subject, " ").Trim();
        var unsubscribeLink = MailKinds.CanUnsubscribe(kind) ? unsubscribe.Link(Base, to.Id, kind) : null;
        body.Footer(why, t["Mail settings"], kind == MailKinds.Password ? null : Settings, t["Unsubscribe"], unsubscribeLink);
        return new OutgoingMail(to.Id, kind, to.Email, to.DisplayName, subject, body.Text, body.Html(subject), unsubscribeLink?.ToString());
    }

    private string TitleOf(MailPost post) =>
        post.Title is { Length: > 0 } title ? title : post.Excerpt.Length > 0 ? Shorten(post.Excerpt, 80) : t["(untitled)"];

    private string? Due(MailPost post) =>
        post.MustRead && DateOnly.TryParseExact(post.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? t["Please confirm by {0}", day.ToString("d", CultureInfo.CurrentCulture)].Value : null;

    private static string Html(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\p{Cc}+\s*")]
    private static partial System.Text.RegularExpressions.Regex ControlCharacters();

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    /// Composes in the recipient's language; the request's culture (if any) is restored after.
    private static OutgoingMail In(MailRecipient to, Func<OutgoingMail> compose)
    {
        using var _ = CultureScope.Use(Infrastructure.Web.WebSetup.Culture(to.Locale is "en" ? "en" : "de"));
        return compose();
    }
}
