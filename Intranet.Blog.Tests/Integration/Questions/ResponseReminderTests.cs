using System.Globalization;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Intranet.Blog.Tests.Integration.Questions;

/// The reminder at half the response target (issue 21 item 5), driven by a fake clock through the app's own
/// background round: sent once, to the department's influencers, after their quiet hours, and never again, also
/// across a restart; one that fell due while the app was down goes out after the start.
public sealed class ResponseReminderTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private FakeTimeProvider _clock = null!;

    // Monday 4 January 2027, 09:00 in Berlin (CET): a question asked now is due at 13:00, half its target at 11:00.
    // Each test has its own clock: a fake clock only moves forward.
    [SetUp]
    public void NewClock() => _clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero));

    private BlogAppFactory NewApp(string dataDirectory) =>
        new(services: s => s.AddSingleton<TimeProvider>(_clock), dataDirectory: dataDirectory) { KeepData = true };

    private static Task<long> RemindersAsync(BlogAppFactory app, long postId) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM notifications WHERE kind = 'question_waiting' AND post_id = @postId", new { postId });

    /// The round runs on its own thread once the clock moves; this waits for it in real time.
    private static async Task<long> RemindersAfterRoundAsync(BlogAppFactory app, long postId, long expected)
    {
        for (var tries = 0; tries < 100 && await RemindersAsync(app, postId) < expected; tries++)
        {
            await Task.Delay(100);
        }

        return await RemindersAsync(app, postId);
    }

    private static DateTimeOffset Local(int day, int hour, int minute = 0) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2027, 1, day, hour, minute, 0, DateTimeKind.Unspecified), Berlin), TimeSpan.Zero);

    [Test]
    public async Task Influencers_hear_once_at_half_the_target_after_their_quiet_hours_and_not_again_after_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), $"intranet-blog-{Guid.NewGuid():N}");
        long question, whileDown;
        TestPerson influencer, lateStarter, asker;
        var first = NewApp(data);
        try
        {
            var department = await TestData.DepartmentAsync(first);
            asker = await TestData.PersonAsync(first, Roles.Staff, department);
            influencer = await TestData.PersonAsync(first, Roles.Staff, department);
            lateStarter = await TestData.PersonAsync(first, Roles.Staff, department);
            var elsewhere = await TestData.PersonAsync(first, Roles.Staff, await TestData.DepartmentAsync(first));
            await OrgTree.AppointAsync(first, department, influencer.Id);
            await OrgTree.AppointAsync(first, department, lateStarter.Id);
            await OrgTree.AppointAsync(first, await TestData.DepartmentAsync(first), elsewhere.Id);
            await first.Service<NotificationStore>().SaveSettingsAsync(lateStarter.Id, NotificationSettings.Default with { WorkStart = 14 * 60 });
            var client = await TestData.SignedInClientAsync(first, asker);
            question = await Asking.AskAsync(client, "Wer hat den Schlüssel zum Archiv?", department);

            _clock.SetUtcNow(Local(4, 10, 59));
            await Task.Delay(500);
            Assert.That(await RemindersAsync(first, question), Is.Zero, "not before half the target");

            _clock.SetUtcNow(Local(4, 11, 1));
            Assert.That(await RemindersAfterRoundAsync(first, question, 2), Is.EqualTo(2), "both influencers, once");
            Assert.That(await TestData.ScalarAsync<long>(first, "SELECT visible_at FROM notifications WHERE kind = 'question_waiting' AND post_id = @question AND recipient_id = @Id",
                new { question, influencer.Id }), Is.EqualTo(Local(4, 11, 1).ToUnixTimeMilliseconds()), "inside working hours: at once");
            Assert.That(await TestData.ScalarAsync<long>(first, "SELECT visible_at FROM notifications WHERE kind = 'question_waiting' AND post_id = @question AND recipient_id = @Id",
                new { question, lateStarter.Id }), Is.EqualTo(Local(4, 14).ToUnixTimeMilliseconds()), "after the quiet hours of who starts at two");
            Assert.That(await TestData.ScalarAsync<long>(first, "SELECT COUNT(*) FROM notifications WHERE kind = 'question_waiting' AND recipient_id = @Id", elsewhere), Is.Zero,
                "only the department's own influencers");

            whileDown = await Asking.AskAsync(client, "Und wer gießt die Blumen?", department);
            _clock.SetUtcNow(Local(4, 12, 30));
            await Task.Delay(500);
            Assert.That(await RemindersAsync(first, whileDown), Is.Zero, "asked at 11:01: half its target is at 13:01");
        }
        finally
        {
            await first.DisposeAsync();
        }

        for (var tries = 0; tries < 100 && AppLock.IsHeld(data); tries++)
        {
            await Task.Delay(50);
        }

        // While the app is down the second question passes half its target; the first one is long past it.
        _clock.SetUtcNow(Local(4, 16));
        var second = NewApp(data);
        try
        {
            // The rounds begin with the first request after a start (AfterFirstRequest), or its grace of five seconds
            // later, as long as the wait below: without a request the test raced the grace.
            using (var response = await second.CreateClient().GetAsync("/healthz"))
            {
                response.EnsureSuccessStatusCode();
            }

            Assert.That(await RemindersAfterRoundAsync(second, whileDown, 2), Is.EqualTo(2), "due while the app was down: sent after the start");
            _clock.Advance(TimeSpan.FromMinutes(5));
            await Task.Delay(500);
            _clock.Advance(TimeSpan.FromDays(2));
            await Task.Delay(500);
            Assert.That(await RemindersAsync(second, question), Is.EqualTo(2), "the first question's reminder is not sent again");
            Assert.That(await RemindersAsync(second, whileDown), Is.EqualTo(2));
            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT item_count FROM notifications WHERE kind = 'question_waiting' AND post_id = @question AND recipient_id = @Id",
                new { question, influencer.Id }), Is.EqualTo(1), "one entry, counted once");
        }
        finally
        {
            await second.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public async Task A_question_answered_before_half_its_target_reminds_nobody_and_a_friday_evening_question_waits_for_monday()
    {
        var data = Path.Combine(Path.GetTempPath(), $"intranet-blog-{Guid.NewGuid():N}");
        var app = NewApp(data);
        try
        {
            _clock.SetUtcNow(Local(8, 17, 30));
            var department = await TestData.DepartmentAsync(app);
            var asker = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app, Roles.Staff, department));
            var helper = await TestData.PersonAsync(app, Roles.Staff, department);
            await OrgTree.AppointAsync(app, department, helper.Id);
            var answered = await Asking.AskAsync(asker, "Schnell beantwortet?", department);
            var friday = await Asking.AskAsync(asker, "Am Freitagabend gefragt", department);
            await TestData.CommentAsync(await TestData.SignedInClientAsync(app, helper), answered, "Ja.");

            _clock.SetUtcNow(Local(11, 8, 10));
            await Task.Delay(500);
            Assert.That(await RemindersAsync(app, friday), Is.Zero, "Friday 17:30 to Monday 8:10 is forty working minutes");

            _clock.SetUtcNow(Local(11, 10, 1));
            Assert.That(await RemindersAfterRoundAsync(app, friday, 1), Is.EqualTo(1), "half of four working hours: Monday at 10:00");
            Assert.That(await RemindersAsync(app, answered), Is.Zero);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
