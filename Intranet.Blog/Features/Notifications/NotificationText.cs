using System.Text.RegularExpressions;
using Intranet.Blog.Features.Shared;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Notifications;

/// The sentence of one entry. Word order differs between languages ("Anna hat „X“ kommentiert"), so the whole
/// sentence is one localized template whose placeholders take markup; everything else in it is encoded.
public static partial class NotificationText
{
    public static IHtmlContent Sentence(NotificationItem item, IStringLocalizer t)
    {
        var row = item.Row;
        // German conjugates for several actors ("Anna und Jonas haben … reagiert"); English reads the same, so the
        // plural keys carry a marker and their English value drops it.
        var several = item.ActorCount > 1;
        var template = (row.Kind, row.ItemCount > 1, row.CommentId is not null) switch
        {
            (NotificationKinds.Comment, false, _) => t["{0} commented on {1}"],
            (NotificationKinds.Comment, true, _) => t["{0}: {2} new comments on {1}"],
            (NotificationKinds.Reply, false, _) => t["{0} replied to your comment on {1}"],
            (NotificationKinds.Reply, true, _) => t["{0}: {2} new replies to your comment on {1}"],
            (NotificationKinds.Reaction, _, false) => several ? t["{0} (several) reacted to {1}"] : t["{0} reacted to {1}"],
            (NotificationKinds.Reaction, _, true) => several ? t["{0} (several) reacted to your comment on {1}"] : t["{0} reacted to your comment on {1}"],
            (NotificationKinds.Announcement, _, _) => t["{0} addressed an announcement to you: {1}"],
            (NotificationKinds.Reminder, _, _) => t["Reminder from {0}: please read and acknowledge {1}"],
            (NotificationKinds.Moderation, _, false) => t["{0} moderated your post {1}: open it to see the outcome"],
            (NotificationKinds.Moderation, _, true) => t["{0} moderated your comment on {1}: open it to see the outcome"],
            (NotificationKinds.Mention, _, _) => several ? t["{0} (several) mentioned you in {1}"] : t["{0} mentioned you in {1}"],
            (NotificationKinds.AnswerAccepted, _, _) => t["{0} accepted your answer to {1}"],
            (NotificationKinds.IdeaChosen, _, _) => t["{0} chose your idea: {1}"],
            (NotificationKinds.AnonymousQuestion, _, _) => t["{0} released an anonymous question to leadership: {1}"],
            (NotificationKinds.QuestionWaiting, _, _) => t["The question {1} has waited half its response target without an answer"],
            (NotificationKinds.GuideReview, _, _) => t["The guide {1} is due for review: confirm it is still valid or update it"],
            (NotificationKinds.GuideHandedOver, _, _) => t["{0} handed the guide {1} over to you"],
            (NotificationKinds.GuideUnowned, false, _) => t["Nobody keeps the guide {1} any more: take it over?"],
            (NotificationKinds.GuideUnowned, true, _) => t["Nobody keeps {2} guides any more, among them {1}: take them over?"],
            (NotificationKinds.ScheduleRefused, _, _) => t["Your scheduled post {1} was not published at its time: {3} It is a draft again, with all its text."],
            _ => t["{0} posted {1}"],
        };
        var actors = new HtmlContentBuilder().AppendHtml("<strong>").Append(Actors(item, t)).AppendHtml("</strong>");
        var title = t["“{0}”", row.PostTitle ?? (row.PostExcerpt.Length > 0 ? row.PostExcerpt : t["(untitled)"].Value)].Value;
        var target = new HtmlContentBuilder().AppendHtml("<span class=\"notification-target\" dir=\"auto\">").Append(title).AppendHtml("</span>");
        var reason = new HtmlContentBuilder().Append(row.DraftId is null ? "" : ScheduleRefusals.Sentence(row.DraftRefusal, t));
        return Format(template.Value, actors, target, new HtmlString(row.ItemCount.ToString(System.Globalization.CultureInfo.CurrentCulture)), reason);
    }

    /// "Anna Berger", "Anna Berger and Jonas Wolf", "Anna Berger and 4 others": the most recent actor first.
    public static string Actors(NotificationItem item, IStringLocalizer t) => item.Actors.Count switch
    {
        0 => t["Someone"],
        _ when item.ActorCount <= 1 => item.Actors[0],
        _ when item.ActorCount == 2 && item.Actors.Count == 2 => t["{0} and {1}", item.Actors[0], item.Actors[1]],
        _ => t["{0} and {1} others", item.Actors[0], item.ActorCount - 1],
    };

    private static IHtmlContent Format(string template, params IHtmlContent[] args)
    {
        var content = new HtmlContentBuilder();
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            content.Append(template[at..m.Index]);
            content.AppendHtml(args[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
            at = m.Index + m.Length;
        }

        return content.Append(template[at..]);
    }

    [GeneratedRegex(@"\{(\d)\}")]
    private static partial Regex Placeholder();
}
