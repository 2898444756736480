using System.Text;
using Intranet.Blog.Features.Reach;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Privacy;

/// What the app stores about a person, who sees it and for how long, built from the settings the app runs with, so
/// the page (/privacy) and docs/privacy.md cannot say something the app does not do. docs/privacy.md is this
/// statement for the default settings in English; a test keeps it in step.
public static class PrivacyStatement
{
    public sealed record Section(string Heading, IReadOnlyList<string> Paragraphs);

    public static IReadOnlyList<Section> Build(IntranetOptions o, IStringLocalizer t) =>
    [
        new(t["What is stored about you"], [
            t["Your profile: name, e-mail address, title, department, manager (and from it your level in the hierarchy), role and language."],
            t["What you write and do in public: posts, comments, reactions and named poll votes. Everyone can see these, with your name, as long as they exist."],
        ]),
        new(t["What you read"], [
            t["When a post's card is shown to you and when you open a post, one row per post records that it happened (not how often). It is used only for counts: the post's author sees how many people did."],
            t["These rows are deleted {0} days after the post was published (setting Intranet:ReadRetentionDays). The post then keeps only counts: how many people of a department and hierarchy level opened it within its first hour, day and week. Opening an older post is not recorded at all.", o.ReadRetentionDays],
            t["Nobody sees who read an ordinary post: not its author, not admins, not in an export or a live update."],
            t["To count how many people of a department were active (posted, commented, reacted or opened a post) in a week, month and quarter, the app notes that you were active in the current one, without what or when; the note is deleted when the period is over and counted."],
        ]),
        new(t["E-mail"], [
            t["If the organisation has set up e-mail, mails go to the address on your profile: a digest of what you missed, must-read announcements you have not opened in the app, and (if you choose) mentions. You choose on the mail settings page, and each mail has an unsubscribe link for its kind. To avoid mailing anything twice, the app keeps which posts and comments a mail to you named; a digest is built from what you have not opened, using the same opened rows as the counts above. Mails contain no tracking pixel and their links no tracking code: nobody learns whether you opened a mail. A mail with a password link is emptied once it is sent, so the link is kept nowhere in clear."],
            t["Sent mails are deleted after 30 days, the record of what a mail named after 60."],
        ]),
        new(t["Feeds and the phone"], [
            t["Your feed addresses (for a feed reader, Outlook or Teams) contain a personal key: whoever has one reads what you may read, nothing more, and can change nothing. The key is stored encrypted, a feed request is not recorded, and making new addresses ends the old ones at once. On a phone the app keeps only its own files and an offline page, never a page with your data."],
        ]),
        new(t["Company directory and sign-in"], [
            t["If the organisation connects its company directory (Active Directory or LDAP), your name, e-mail address, title, department, manager, role and photo come from it and follow it at every sync; the app keeps the directory's id of your entry to recognise you, and a photo you chose yourself is never replaced. If the directory no longer holds you, your account is deactivated and your posts stay. If you sign in with your directory password or company account, that password is checked by the directory or the identity provider and never stored here. Of a sign-in with the company account nothing else is kept: not the provider's tokens, not when you signed in there."],
        ]),
        new(t["Must-read announcements"], [
            t["A must-read says so to its readers: its sender and admins see by name who has acknowledged which version and when, and can export this as evidence of instruction. These acknowledgements are kept as long as the announcement exists."],
        ]),
        new(t["Reach and analytics"], [
            t["The author of a post and admins see its reach: how many people could see it, were notified, opened it, reacted or commented, and acknowledged it, per department and hierarchy band and over its first hour, day and week."],
            t["Every figure counts a group of at least {0} people. Departments with fewer are counted together as \"other departments\"; while those are still fewer, the smallest department shown joins them. A hierarchy band with fewer merges with the next. Hierarchy bands are shown next to departments only when each department has none or at least {0} people in every band.", ReachFunnel.SmallestGroup],
            t["Hierarchy bands: leadership are levels 1 to {0}, middle management levels up to {1}, staff everyone below (settings Intranet:LeadershipUpToLevel and Intranet:ManagementUpToLevel).", o.LeadershipUpToLevel, o.ManagementUpToLevel],
            t["The analytics dashboard (executives and admins for the company, influencers for their departments) shows per week, month or quarter: the share of active people per department, how many posts, comments and reactions were written, how many comments went between hierarchy bands, how fast questions were answered, trending topics and how many acknowledged must-reads. It is counted from the day's posts, comments and reactions and the notes above, per department and hierarchy level, never per person."],
            o.HelpfulColleagues
                ? t["Helpful colleagues: the dashboard names, per department, people whose answers were accepted or marked helpful, or who wrote guides, in the period. This is the one list of names in analytics: names only, alphabetical, without counts; it never uses what anyone read. Everyone can leave it in their profile (setting Intranet:HelpfulColleagues switches it off for everyone)."]
                : t["The dashboard names nobody: the list of helpful colleagues is switched off (setting Intranet:HelpfulColleagues)."],
        ]),
        new(t["Anonymous questions and polls"], [
            t["An anonymous poll keeps only a count per option and whether you voted, never which option you chose or when. An anonymous question to leadership stores no link to the person who asked."],
        ]),
        new(t["Idea rounds"], [
            t["An idea you bring in shows with your name. Which ideas you support is shown to nobody, admins included: the round shows only how many people support each idea. It is stored so that you support an idea once and can take it back; withdrawing an idea deletes it with its support."],
        ]),
    ];

    /// The statement as Markdown: docs/privacy.md.
    public static string Markdown(IReadOnlyList<Section> sections, string title)
    {
        var text = new StringBuilder().Append("# ").Append(title).Append("\n\n");
        foreach (var section in sections)
        {
            text.Append("## ").Append(section.Heading).Append("\n\n");
            foreach (var paragraph in section.Paragraphs)
            {
                text.Append(paragraph).Append("\n\n");
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }
}
