using System.Globalization;
using Intranet.Blog.Features.Guides;
using Intranet.Blog.Tests.Integration.Notifications;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Guides;

/// Its own app, because the clock is replaced: reviews fall due, reminders go out a week before, usefulness counts 90 days.
public sealed class GuideReviewTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private async Task<int> RemindAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GuideService>().RemindAsync(default);
    }

    /// Review reminders received, whether gathered in one unread entry or not.
    private async Task<int> RemindersAsync(long personId) =>
        (await Notify.RowsAsync(_app, personId)).Where(r => r.Kind == "guide_review").Sum(r => r.ItemCount);

    private string Day(int daysAhead) => _clock.GetUtcNow().AddDays(daysAhead).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Test]
    public async Task The_owner_is_reminded_once_a_week_before_the_review_and_still_valid_sets_the_next_date()
    {
        var department = await TestData.DepartmentAsync(_app);
        var owner = await TestData.PersonAsync(_app, departmentId: department);
        await Notify.AlwaysAsync(_app, owner.Id);
        var client = await TestData.SignedInClientAsync(_app, owner);
        var id = await Support.Guides.WriteAsync(client, department, "Bald fällig", reviewBy: Day(10));

        await RemindAsync();
        Assert.That(await Notify.RowsAsync(_app, owner.Id), Is.Empty, "ten days ahead: too early");

        _clock.Advance(TimeSpan.FromDays(4));
        await RemindAsync();
        await RemindAsync();
        var rows = await Notify.RowsAsync(_app, owner.Id);
        Assert.That(rows.Select(r => (r.Kind, r.PostId, r.ItemCount)), Is.EqualTo(new[] { ("guide_review", id, 1) }), "once");
        client = await TestData.SignedInClientAsync(_app, owner);
        Assert.That(await Notify.ListedAsync(client), Has.Some.Contains("ist bald zu überprüfen"));

        await TestData.PostFormAsync(client, $"/posts/{id}", $"/guides/{id}/reviewed", []);

        var reviewBy = DateTimeOffset.FromUnixTimeMilliseconds(await TestData.ScalarAsync<long>(_app, "SELECT review_by FROM posts WHERE id = @id", new { id }));
        Assert.That(reviewBy, Is.EqualTo(_clock.GetUtcNow().AddMonths(6)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT reviewed_by FROM posts WHERE id = @id", new { id }), Is.EqualTo(owner.Id));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT action FROM audit_log WHERE target = @target ORDER BY id DESC LIMIT 1", new { target = $"post:{id}" }),
            Is.EqualTo("guide.reviewed"));

        _clock.SetForward(reviewBy - GuideService.ReminderAhead - TimeSpan.FromMinutes(1));
        await RemindAsync();
        Assert.That(await RemindersAsync(owner.Id), Is.EqualTo(1), "not yet for the new date");

        _clock.Advance(TimeSpan.FromMinutes(2));
        await RemindAsync();
        Assert.That(await RemindersAsync(owner.Id), Is.EqualTo(2), "the new date is reminded of again");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT review_reminded_for FROM posts WHERE id = @id", new { id }), Is.EqualTo(reviewBy.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task A_guide_past_its_review_date_says_so_on_its_card_and_page()
    {
        var department = await TestData.DepartmentAsync(_app);
        var person = await TestData.PersonAsync(_app, departmentId: department);
        var client = await TestData.SignedInClientAsync(_app, person);
        var id = await Support.Guides.WriteAsync(client, department, "Veraltet", reviewBy: Day(2));
        Assert.That((await TestData.GetPageAsync(client, $"/posts/{id}")).QuerySelector(".needs-review"), Is.Null);

        _clock.Advance(TimeSpan.FromDays(3));
        client = await TestData.SignedInClientAsync(_app, person);

        Assert.That((await TestData.GetPageAsync(client, $"/posts/{id}")).QuerySelector(".guide-facts .needs-review"), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(client, $"/departments/{department}")).QuerySelector($"#post-{id} .needs-review"), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(client, $"/departments/{department}")).QuerySelector($"[data-guide='{id}'] .badge.warn"), Is.Not.Null, "the library row too");
    }

    [Test]
    public async Task A_guide_nobody_keeps_is_reminded_to_the_departments_influencers()
    {
        var department = await TestData.DepartmentAsync(_app);
        var owner = await TestData.PersonAsync(_app, departmentId: department);
        var helper = await TestData.PersonAsync(_app);
        await OrgTree.AppointAsync(_app, department, helper.Id);
        await Notify.AlwaysAsync(_app, helper.Id);
        var id = await Support.Guides.WriteAsync(await TestData.SignedInClientAsync(_app, owner), department, "Ohne Besitzer", reviewBy: Day(3));
        await TestData.DeactivateAsync(_app, owner.Id);

        await RemindAsync();

        Assert.That((await Notify.RowsAsync(_app, helper.Id)).Select(r => (r.Kind, r.PostId)), Does.Contain(("guide_review", id)));
    }

    [Test]
    public async Task The_library_puts_pinned_guides_first_then_the_most_useful_of_the_last_90_days()
    {
        var department = await TestData.DepartmentAsync(_app);
        var author = await TestData.PersonAsync(_app, departmentId: department);
        await OrgTree.AppointAsync(_app, department, author.Id);
        var client = await TestData.SignedInClientAsync(_app, author);
        var formerlyPopular = await Support.Guides.WriteAsync(client, department, "Früher beliebt");
        for (var i = 0; i < 3; i++)
        {
            var reader = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
            await TestData.CommentAsync(reader, formerlyPopular, $"Danke {i}");
        }

        _clock.Advance(TimeSpan.FromDays(91));
        client = await TestData.SignedInClientAsync(_app, author);
        var quiet = await Support.Guides.WriteAsync(client, department, "Ruhig");
        var useful = await Support.Guides.WriteAsync(client, department, "Nützlich");
        var pinned = await Support.Guides.WriteAsync(client, department, "Angeheftet");
        var colleague = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        await TestData.GetPageAsync(colleague, $"/posts/{useful}");
        await Notify.ReactAsync(colleague, useful, null, "like");
        await TestData.PostFormAsync(client, $"/departments/{department}", $"/departments/{department}/pins", new() { ["postId"] = pinned.ToString(CultureInfo.InvariantCulture) });

        var page = await TestData.GetPageAsync(client, $"/departments/{department}");

        Assert.That(page.QuerySelectorAll("#guides [data-guide]").Select(g => long.Parse(g.GetAttribute("data-guide")!, CultureInfo.InvariantCulture)),
            Is.EqualTo(new[] { pinned, useful, quiet, formerlyPopular }), "activity older than 90 days no longer counts; newest first on a tie");
    }
}
