using Intranet.Blog.Features.Moderation;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Localization;

namespace Intranet.Blog.Features.Admin;

/// The sentence the audit page shows for each action, in the reader's language, naming the people and departments
/// involved. Adding an action is one line here: its English sentence is the resource key (with {0}, {1} … for the
/// names and values), and both resource files get the sentence. AuditSentencesTests fails for an action of
/// AuditActions that has no sentence here, or whose sentence is not translated.
///
/// A line reads the row through AuditLine: Actor and Target are names; Person/Department/Post("key") name the id
/// stored under that key of the details; Text, Count, Flag, Role and List read the other values.
public static class AuditSentences
{
    public static readonly IReadOnlyDictionary<string, Func<AuditLine, string>> ByAction = new Dictionary<string, Func<AuditLine, string>>
    {
        [AuditActions.DirectorySynced] = a => (a.Flag("scheduled")
            ? a.T["The scheduled directory sync applied: {0} new, {1} changed, {2} deactivated, {3} back.", a.Count("created"), a.Count("updated"), a.Count("deactivated"), a.Count("reactivated")]
            : a.T["{0} applied the directory sync: {1} new, {2} changed, {3} deactivated, {4} back.", a.Actor, a.Count("created"), a.Count("updated"), a.Count("deactivated"), a.Count("reactivated")]).Value,
        [AuditActions.DirectorySyncRefused] = a => a.T["The scheduled directory sync was not applied: it would have deactivated {0} of {1} people from the directory. An administrator can check and apply it.", a.Count("deactivated"), a.Count("linked")],
        [AuditActions.SignInMethodsChanged] = a => a.T["The sign-in methods changed: {0}.", a.List("methods", SignInMethod)],
        [AuditActions.PersonLinkedAtSignIn] = a => a.T["{0} signed in with the company account for the first time: their verified address matched this account, which is now linked to it.", a.Target],
        [AuditActions.PersonCreatedAtSignIn] = a => a.T["{0} signed in with the company account for the first time and was added.", a.Target],
        [AuditActions.PersonCreated] = a => a.T["{0} added {1} as {2}.", a.Actor, a.Target, a.Role("role")] + a.Also(
            a.Has("departmentId") ? a.T["Department: {0}.", a.Department("departmentId")].Value : null,
            a.Has("managerId") ? a.T["Manager: {0}.", a.Person("managerId")].Value : null),
        [AuditActions.FirstAdminCreated] = a => a.T["{0} set up the app through the start-up link and became its first administrator.", a.Target],
        [AuditActions.PersonUpdated] = a => a.T["{0} changed {1}: {2}.", a.Actor, a.Target, a.Changes("changes")],
        [AuditActions.PersonDeactivated] = a => a.T["{0} deactivated {1}.", a.Actor, a.Target],
        [AuditActions.PersonReactivated] = a => a.T["{0} reactivated {1}.", a.Actor, a.Target],
        [AuditActions.PasswordSet] = a => a.T["{0} set a new password for {1}.", a.Actor, a.Target],
        [AuditActions.DepartmentCreated] = a => a.T["{0} created the department {1}.", a.Actor, a.Target],
        [AuditActions.DepartmentRenamed] = a => a.T["{0} renamed the department {1} to {2}.", a.Actor, a.Text("from"), a.Text("to")],
        [AuditActions.OrgImported] = a => a.T["{0} imported the org chart: {1}, {2} updated, {3}.",
            a.Actor, a.T.Plural("{0} people created", a.Count("created")), a.Count("updated"), a.T.Plural("{0} departments created", a.Count("departmentsCreated"))],
        [AuditActions.InvitationIssued] = a => a.T["{0} created an invitation link for {1}.", a.Actor, a.Target],
        [AuditActions.InvitationsIssued] = a => a.T.Plural("{1} created invitation links for {0} people without a password.", a.Count("count"), a.Actor),
        [AuditActions.PasswordResetIssued] = a => a.T["{0} created a password reset link for {1}.", a.Actor, a.Target],
        [AuditActions.PasswordResetMailed] = a => a.T["{0} asked for a password reset link by mail.", a.Actor],
        [AuditActions.PasswordChosen] = a => a.T["{0} chose a password through a one-time link.", a.Target],
        [AuditActions.PasswordChanged] = a => a.T["{0} changed their password.", a.Target],
        [AuditActions.ProfileUpdated] = a => a.T["{0} changed their profile: {1}.", a.Target, a.List("fields", ProfileField)],
        [AuditActions.AnnouncementPublished] = a => a.T["{0} sent the memo {1} (recipients: {2}).", a.Actor, a.Target, a.Count("recipients")] + a.Also(
            a.Flag("mustRead") ? a.T["Must-read."].Value : null),
        [AuditActions.AnnouncementReminded] = a => (a.Flag("automatic")
            ? a.T["Automatic reminder about {0} to those who had not acknowledged it (recipients: {1}).", a.Target, a.Count("recipients")]
            : a.T["{0} reminded those who had not acknowledged {2} (recipients: {1}).", a.Actor, a.Count("recipients"), a.Target]).Value,
        [AuditActions.AnnouncementChanged] = a => a.T["{0} changed the memo {1} materially: everyone acknowledges version {2} again.", a.Actor, a.Target, a.Count("version")],
        [AuditActions.EvidenceExported] = a => a.T["{0} exported the acknowledgements of {1} (rows: {2}).", a.Actor, a.Target, a.Count("rows")],
        [AuditActions.ReportFiled] = a => a.T["{0} reported {1}: {2}.", a.Actor, a.Target, ReportReasons.Label(a.Text("reason"), a.T)],
        [AuditActions.ReportsDismissed] = a => a.T["{0} dismissed the reports about {1} (reports: {2}).", a.Actor, a.Target, a.Count("reports")],
        [AuditActions.ContentHidden] = a => a.T["{0} hid {1}.", a.Actor, a.Target],
        [AuditActions.ContentRestored] = a => a.T["{0} showed {1} again.", a.Actor, a.Target],
        [AuditActions.GuidelinesPublished] = a => a.T["{0} published version {1} of the social media guidelines.", a.Actor, a.Count("version")],
        [AuditActions.ModerationAnswered] = a => a.T["{0} answered the moderation of {1}.", a.Actor, a.Target],
        [AuditActions.QuestionReleased] = a => a.T["{0} released anonymous question no. {1}.", a.Actor, a.Count("question")],
        [AuditActions.QuestionDeclined] = a => a.T["{0} declined anonymous question no. {1}: {2}", a.Actor, a.Count("question"), a.Text("reason")],
        [AuditActions.DepartmentParentSet] = a => (a.Has("parentId")
            ? a.T["{0} placed the department {1} under {2}.", a.Actor, a.Target, a.Department("parentId")]
            : a.T["{0} made the department {1} a top-level department.", a.Actor, a.Target]).Value,
        [AuditActions.DepartmentHeadSet] = a => (a.Has("headId")
            ? a.T["{0} named {2} head of the department {1}.", a.Actor, a.Target, a.Person("headId")]
            : a.T["{0} cleared the named head of the department {1}: its highest-level person leads it.", a.Actor, a.Target]).Value,
        [AuditActions.DepartmentDescribed] = a => a.T["{0} changed the description of the department {1}.", a.Actor, a.Target],
        [AuditActions.InfluencerAppointed] = a => a.T["{0} appointed {2} influencer of the department {1}.", a.Actor, a.Target, a.Person("personId")],
        [AuditActions.InfluencerRemoved] = a => a.T["{0} ended the appointment of {2} as influencer of the department {1}.", a.Actor, a.Target, a.Person("personId")],
        [AuditActions.PinAdded] = a => (a.OnCompanyFeed
            ? a.T["{0} pinned {1} to the top of the company feed.", a.Actor, a.Post("postId")]
            : a.T["{0} pinned {1} in the department {2}.", a.Actor, a.Post("postId"), a.Target]) + a.Also(
            a.Has("endsAt") ? a.T["Until {0}.", a.Date("endsAt")].Value : null),
        [AuditActions.PinRemoved] = a => (a.OnCompanyFeed
            ? a.T["{0} unpinned {1} from the company feed.", a.Actor, a.Post("postId")]
            : a.T["{0} unpinned {1} in the department {2}.", a.Actor, a.Post("postId"), a.Target]).Value,
        [AuditActions.PinsReordered] = a => (a.OnCompanyFeed
            ? a.T["{0} put the company feed's pins in a new order.", a.Actor]
            : a.T["{0} put the pins of the department {1} in a new order.", a.Actor, a.Target]).Value,
        [AuditActions.PinExpired] = a => a.T["The pin of {0} ended by itself on its end date.", a.Post("postId")],
        [AuditActions.GuideReviewed] = a => a.T["{0} confirmed the guide {1} as still valid; next review by {2}.", a.Actor, a.Target, a.Date("reviewBy")],
        [AuditActions.GuideHandedOver] = a => a.T["{0} handed the guide {1} over to {2}.", a.Actor, a.Target, a.Person("ownerId")],
    };

    /// The profile's fields by their stored names.
    private static string SignInMethod(string method) => method switch
    {
        "local" => "local passwords",
        "break-glass" => "local passwords for break-glass admins only",
        "ldap" => "directory password (LDAP)",
        "oidc" => "company account (OpenID Connect)",
        _ => method,
    };

    private static string ProfileField(string field) => field switch
    {
        "bio" => "Bio",
        "phone" => "Phone",
        "location" => "Location",
        "photo" => "Photo",
        _ => field,
    };
}
