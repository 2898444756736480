namespace Intranet.Blog.Features.Notifications;

/// A person's notification preferences. Someone without a row in notification_settings has these defaults: the one
/// place they are written (the stores read rows as they are and fall back to Default).
public sealed record NotificationSettings
{
    public const string DefaultTimeZone = "Europe/Berlin";
    public const int Weekdays = 31;

    public bool Mention { get; init; } = true;
    public bool Comment { get; init; } = true;
    public bool Reply { get; init; } = true;
    public bool Reaction { get; init; } = true;
    public bool Post { get; init; } = true;
    public bool Guides { get; init; } = true;
    public string TimeZone { get; init; } = DefaultTimeZone;
    public int WorkDays { get; init; } = Weekdays;
    public int WorkStart { get; init; } = 8 * 60;
    public int WorkEnd { get; init; } = 18 * 60;

    public static NotificationSettings Default { get; } = new();

    public bool Wants(string kind) => kind switch
    {
        NotificationKinds.Mention => Mention,
        NotificationKinds.Comment => Comment,
        NotificationKinds.Reply => Reply,
        NotificationKinds.Reaction or NotificationKinds.AnswerAccepted => Reaction,
        NotificationKinds.QuestionWaiting or NotificationKinds.AnonymousQuestion => true,
        NotificationKinds.Post => Post,
        // An announcement and its reminders replace the circular, which reached everyone; the moderation outcome is
        // about the person's own words. Neither can be switched off; quiet hours still decide when they show.
        // A post of one's own that did not appear when one said it would is news about one's own words too.
        NotificationKinds.Announcement or NotificationKinds.Reminder or NotificationKinds.Moderation or NotificationKinds.ScheduleRefused or NotificationKinds.IdeaChosen => true,
        NotificationKinds.GuideReview or NotificationKinds.GuideHandedOver or NotificationKinds.GuideUnowned => Guides,
        _ => false,
    };

    /// Monday = 1 … Sunday = 64, as stored.
    public static int DayBit(DayOfWeek day) => 1 << (((int)day + 6) % 7);
}

/// Quiet hours: a notification shows up at once inside the person's working hours, otherwise at the start of
/// their next working period, in their own time zone (so daylight saving moves it with the wall clock).
public static class WorkingHours
{
    public static DateTimeOffset NextVisible(DateTimeOffset now, NotificationSettings settings)
    {
        // Without working days there are no hours to be quiet around: nothing waits.
        if (settings.WorkDays == 0 || settings.WorkStart >= settings.WorkEnd)
        {
            return now;
        }

        var zone = Zone(settings.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        for (var offset = 0; offset <= 7; offset++)
        {
            var day = local.Date.AddDays(offset);
            if ((settings.WorkDays & NotificationSettings.DayBit(day.DayOfWeek)) == 0)
            {
                continue;
            }

            var start = ToUtc(day.AddMinutes(settings.WorkStart), zone);
            var end = ToUtc(day.AddMinutes(settings.WorkEnd), zone);
            if (now < start)
            {
                return start;
            }

            if (now < end)
            {
                return now;
            }
        }

        return now;
    }

    /// An unknown id (a zone removed from the system since it was chosen) falls back to the default.
    public static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : TimeZoneInfo.TryFindSystemTimeZoneById(NotificationSettings.DefaultTimeZone, out var fallback) ? fallback : TimeZoneInfo.Utc;

    /// A wall-clock time skipped by a daylight-saving jump (02:30 on the spring night) means the moment after the jump.
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}

public static class NotificationKinds
{
    public const string Mention = "mention";
    public const string Comment = "comment";
    public const string Reply = "reply";
    public const string Reaction = "reaction";
    public const string Post = "post";
    public const string Announcement = "announcement";
    public const string Reminder = "reminder";
    public const string Moderation = "moderation";

    // A scheduled draft of the recipient's that could not be published at its time (the entry names the draft).
    public const string ScheduleRefused = "schedule_refused";

    // The guides a person keeps (one setting for the three): due for review, handed to them, left without an owner.
    public const string GuideReview = "guide_review";
    public const string GuideHandedOver = "guide_handed_over";
    public const string GuideUnowned = "guide_unowned";

    // Questions: your answer was accepted (follows the reactions setting: someone valued your words); a question in
    // a department you help has waited half its response target (a duty of the appointment, like a reminder).
    public const string AnswerAccepted = "answer_accepted";
    public const string QuestionWaiting = "question_waiting";

    // An anonymous question released to leadership: the executives hear it, since it is put to them (a duty of the
    // role, like a waiting question to an influencer).
    public const string AnonymousQuestion = "anonymous_question";

    // An idea of the recipient's was chosen in an idea round's outcome (the entry names the outcome post): news about
    // one's own words, like a moderation outcome, so it cannot be switched off.
    public const string IdeaChosen = "idea_chosen";

    public static readonly string[] All = [Mention, Comment, Reply, Reaction, Post, GuideReview, GuideHandedOver, GuideUnowned];

    // Every kind declared above, settable or not: a new kind is one constant.
    private static readonly HashSet<string> Known = typeof(NotificationKinds)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string kind) => Known.Contains(kind);
}
