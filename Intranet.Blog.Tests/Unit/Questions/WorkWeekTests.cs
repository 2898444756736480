using Intranet.Blog.Features.Questions;

namespace Intranet.Blog.Tests.Unit.Questions;

/// Working-hours arithmetic for response targets: the organisation's default week (Monday to Friday, 8 to 18, Berlin),
/// across both daylight-saving changes of 2026 (29 March, 25 October) and over a week without holidays.
public sealed class WorkWeekTests
{
    private static readonly WorkWeek Berlin = ResponseTargets.OrganisationWeek(new IntranetOptions());
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// A wall-clock time in Berlin, as the moment it is.
    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    [Test]
    public void The_default_week_is_monday_to_friday_eight_to_six_in_berlin()
    {
        Assert.That((Berlin.Zone.Id, Berlin.Days, Berlin.Start, Berlin.End), Is.EqualTo(("Europe/Berlin", 31, 8 * 60, 18 * 60)));
    }

    [Test]
    public void A_question_asked_friday_at_half_past_five_has_waited_forty_minutes_on_monday_at_ten_past_eight_across_the_spring_change()
    {
        // Friday 27 March 2026 is CET (UTC+1), Monday 30 March CEST (UTC+2): the clocks went forward on Sunday.
        var asked = Local(2026, 3, 27, 17, 30);
        var monday = Local(2026, 3, 30, 8, 10);

        Assert.That(asked, Is.EqualTo(new DateTimeOffset(2026, 3, 27, 16, 30, 0, TimeSpan.Zero)));
        Assert.That(monday, Is.EqualTo(new DateTimeOffset(2026, 3, 30, 6, 10, 0, TimeSpan.Zero)));
        Assert.That(Berlin.Between(asked, monday), Is.EqualTo(TimeSpan.FromMinutes(40)));
        Assert.That(Berlin.After(asked, TimeSpan.FromHours(4)), Is.EqualTo(Local(2026, 3, 30, 11, 30)), "four working hours: due Monday at 11:30 Berlin time");
        Assert.That(Berlin.After(asked, TimeSpan.FromHours(4)) > monday, Is.True, "not late on Monday at 8:10");
    }

    [Test]
    public void The_autumn_change_neither_adds_nor_loses_an_hour()
    {
        // Friday 23 October 2026 is CEST, Monday 26 October CET.
        Assert.That(Berlin.Between(Local(2026, 10, 23, 17), Local(2026, 10, 26, 9)), Is.EqualTo(TimeSpan.FromHours(2)));
        Assert.That(Berlin.After(Local(2026, 10, 23, 16), TimeSpan.FromHours(3)), Is.EqualTo(Local(2026, 10, 26, 9)));
    }

    [Test]
    public void A_holiday_free_week_has_fifty_working_hours()
    {
        Assert.That(Berlin.Between(Local(2026, 6, 8, 8), Local(2026, 6, 15, 8)), Is.EqualTo(TimeSpan.FromHours(50)));
        Assert.That(Berlin.After(Local(2026, 6, 8, 8), TimeSpan.FromHours(50)), Is.EqualTo(Local(2026, 6, 12, 18)));
    }

    [Test]
    public void Nights_and_weekends_do_not_count()
    {
        Assert.That(Berlin.Between(Local(2026, 6, 12, 18), Local(2026, 6, 15, 8)), Is.EqualTo(TimeSpan.Zero));
        Assert.That(Berlin.Between(Local(2026, 6, 9, 20), Local(2026, 6, 10, 7)), Is.EqualTo(TimeSpan.Zero));
        Assert.That(Berlin.After(Local(2026, 6, 13, 11), TimeSpan.FromMinutes(30)), Is.EqualTo(Local(2026, 6, 15, 8, 30)), "asked on Saturday: due Monday morning");
    }

    [Test]
    public void A_round_the_clock_department_counts_the_short_spring_sunday_as_twenty_three_hours()
    {
        var always = new WorkWeek(Zone, 127, 0, 24 * 60);

        Assert.That(always.Between(Local(2026, 3, 29, 0), Local(2026, 3, 30, 0)), Is.EqualTo(TimeSpan.FromHours(23)));
        Assert.That(always.Between(Local(2026, 10, 25, 0), Local(2026, 10, 26, 0)), Is.EqualTo(TimeSpan.FromHours(25)));
        Assert.That(always.After(Local(2026, 3, 29, 1), TimeSpan.FromHours(2)), Is.EqualTo(Local(2026, 3, 29, 4)), "01:00 + 2 h of clock time is 04:00 on the spring night");
    }

    [Test]
    public void A_department_in_another_zone_counts_its_own_hours()
    {
        var newYork = new WorkWeek(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), 31, 9 * 60, 17 * 60);
        // Monday 8 June 2026, 15:00 in Berlin is 9:00 in New York (EDT, UTC-4): the first hour of their day.
        Assert.That(newYork.Between(Local(2026, 6, 8, 15), Local(2026, 6, 8, 16)), Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(Berlin.Between(Local(2026, 6, 8, 15), Local(2026, 6, 8, 16)), Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(newYork.Between(Local(2026, 6, 8, 8), Local(2026, 6, 8, 15)), Is.EqualTo(TimeSpan.Zero), "before 9:00 in New York");
    }

    [Test]
    public void Figures_take_the_median_and_leave_out_questions_that_may_still_make_it()
    {
        var target = new ResponseTarget(TimeSpan.FromHours(4), Berlin, false);
        var monday = Local(2026, 6, 8, 9);
        var rows = new[]
        {
            new AnsweringRow { AskedAt = monday, FirstAnswerAt = monday.AddHours(1) },
            new AnsweringRow { AskedAt = monday, FirstAnswerAt = monday.AddHours(2) },
            new AnsweringRow { AskedAt = monday, FirstAnswerAt = monday.AddHours(3) },
            new AnsweringRow { AskedAt = monday, FirstAnswerAt = monday.AddHours(8) },
            new AnsweringRow { AskedAt = monday, FirstAnswerAt = null },
        };

        var early = ResponseFigures.Of(new DateOnly(2026, 6, 1), rows, target, monday.AddHours(2));
        var late = ResponseFigures.Of(new DateOnly(2026, 6, 1), rows, target, monday.AddDays(1));
        var few = ResponseFigures.Of(new DateOnly(2026, 6, 1), rows[..4], target, monday.AddDays(1));

        Assert.That(early.MedianFirstAnswer, Is.EqualTo(TimeSpan.FromHours(2.5)));
        Assert.That(early.ShareWithinTarget, Is.EqualTo(3.0 / 4), "the open question is not due yet: left out");
        Assert.That(late.ShareWithinTarget, Is.EqualTo(3.0 / 5), "past its target it counts as missed");
        Assert.That((few.Asked, few.MedianFirstAnswer, few.ShareWithinTarget), Is.EqualTo((4, (TimeSpan?)null, (double?)null)), "fewer than five questions: no figures");
    }
}
