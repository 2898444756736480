using System.Net;
using Dapper;
using Intranet.Blog.DemoData;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.DemoData;

/// One seeded demo organisation, checked for the shape the demo promises.
public sealed class DemoSeedingTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new BlogAppFactory(seedDemo: true);
        _app.CreateClient().Dispose(); // start-up seeds
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private Task<long> CountAsync(string sql) => TestData.ScalarAsync<long>(_app, sql);

    [Test]
    public async Task There_are_twelve_departments()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM departments"), Is.EqualTo(12));
    }

    [Test]
    public async Task There_are_150_people_all_in_a_department()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM users"), Is.EqualTo(150));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM users WHERE department_id IS NULL"), Is.Zero);
    }

    [Test]
    public async Task The_hierarchy_is_at_least_five_levels_deep()
    {
        Assert.That(await CountAsync("SELECT MAX(level) FROM users"), Is.GreaterThanOrEqualTo(5));
    }

    [Test]
    public async Task Everyone_below_the_top_has_a_manager_one_level_up()
    {
        var broken = await CountAsync("""
            SELECT COUNT(*) FROM users u LEFT JOIN users m ON m.id = u.manager_id
             WHERE (u.manager_id IS NULL AND u.level <> 1) OR (u.manager_id IS NOT NULL AND u.level <> m.level + 1)
            """);

        Assert.That(broken, Is.Zero);
    }

    [Test]
    public async Task The_ceo_is_the_executive_at_level_one()
    {
        await using var connection = await _app.Service<Database>().OpenAsync();
        var ceo = await connection.QuerySingleAsync<(long Level, string Role, long? ManagerId)>(
            "SELECT level, role, manager_id FROM users WHERE email = 'ceo@demo.example'");

        Assert.That(ceo, Is.EqualTo((1L, Roles.Executive, (long?)null)));
    }

    [Test]
    public async Task The_staff_account_is_at_the_deepest_level()
    {
        var level = await CountAsync("SELECT level FROM users WHERE email = 'staff@demo.example'");

        Assert.That(level, Is.EqualTo(await CountAsync("SELECT MAX(level) FROM users")));
    }

    [Test]
    public async Task There_are_300_posts_of_both_kinds_and_the_idea_round()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts WHERE kind <> 'guide' AND id NOT IN (SELECT post_id FROM idea_rounds)"), Is.EqualTo(300));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts WHERE kind = 'article'"), Is.GreaterThan(30));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts WHERE kind = 'micro'"), Is.GreaterThan(30));
    }

    [Test]
    public async Task Posts_spread_over_the_last_sixty_days()
    {
        // Guides are older on purpose (written months ago, one due for review): the feed's sixty days are the other posts.
        var now = DateTimeOffset.UtcNow;
        var oldest = DapperSetup.FromUnixMs(await CountAsync("SELECT MIN(created_at) FROM posts WHERE kind <> 'guide'"));
        var newest = DapperSetup.FromUnixMs(await CountAsync("SELECT MAX(created_at) FROM posts WHERE kind <> 'guide'"));
        var days = await CountAsync("SELECT COUNT(DISTINCT created_at / 86400000) FROM posts WHERE kind <> 'guide'");

        Assert.That(oldest, Is.GreaterThan(now.AddDays(-61)).And.LessThan(now.AddDays(-55)));
        Assert.That(newest, Is.LessThanOrEqualTo(now).And.GreaterThan(now.AddDays(-2)));
        Assert.That(days, Is.GreaterThanOrEqualTo(55));
    }

    [Test]
    public async Task Conversations_cross_hierarchy_levels()
    {
        var crossing = await CountAsync("""
            SELECT COUNT(*) FROM comments c
              JOIN users cu ON cu.id = c.author_id
              JOIN posts p ON p.id = c.post_id
              JOIN users pu ON pu.id = p.author_id
             WHERE cu.level <> pu.level
            """);

        Assert.That(crossing, Is.GreaterThan(0));
    }

    [Test]
    public async Task Replies_are_only_one_level_deep()
    {
        var nested = await CountAsync("""
            SELECT COUNT(*) FROM comments c JOIN comments parent ON parent.id = c.parent_id
             WHERE parent.parent_id IS NOT NULL OR parent.post_id <> c.post_id
            """);

        Assert.That(nested, Is.Zero);
    }

    [Test]
    public async Task Reactions_sightings_and_opens_exist()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM reactions"), Is.GreaterThan(0));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM post_seen"), Is.GreaterThan(0));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM post_opens"), Is.GreaterThan(0));
    }

    [Test]
    public async Task The_managing_director_has_an_idea_round_open_with_ideas_and_support()
    {
        Assert.That(await CountAsync(
            "SELECT COUNT(*) FROM idea_rounds r JOIN posts p ON p.id = r.post_id JOIN users u ON u.id = p.author_id WHERE u.email = 'ceo@demo.example' AND r.closes_at > (SELECT MAX(created_at) FROM posts)"),
            Is.EqualTo(1));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM ideas"), Is.GreaterThanOrEqualTo(5));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM ideas i WHERE i.supports <> (SELECT COUNT(*) FROM idea_supports s WHERE s.idea_id = i.id)"), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(*) FROM idea_supports s JOIN ideas i ON i.id = s.idea_id WHERE s.user_id = i.author_id"), Is.Zero, "nobody supports their own idea");
        Assert.That(await CountAsync("SELECT COUNT(DISTINCT user_id) FROM idea_supports"), Is.GreaterThan(30));
    }

    [Test]
    public async Task Stored_counters_match_the_rows_they_count()
    {
        var wrongComments = await CountAsync(
            "SELECT COUNT(*) FROM posts p WHERE p.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL)");
        var wrongSeen = await CountAsync(
            "SELECT COUNT(*) FROM posts p WHERE p.seen_count <> (SELECT COUNT(*) FROM post_seen s WHERE s.post_id = p.id)");
        var wrongOpened = await CountAsync(
            "SELECT COUNT(*) FROM posts p WHERE p.opened_count <> (SELECT COUNT(*) FROM post_opens o WHERE o.post_id = p.id)");

        Assert.That(wrongComments, Is.Zero);
        Assert.That(wrongSeen, Is.Zero);
        Assert.That(wrongOpened, Is.Zero);
    }

    [Test]
    public async Task Nobody_sees_or_opens_their_own_post()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM post_seen s JOIN posts p ON p.id = s.post_id WHERE s.user_id = p.author_id"), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(*) FROM post_opens o JOIN posts p ON p.id = o.post_id WHERE o.user_id = p.author_id"), Is.Zero);
    }

    /// Replies used to say "vor 13 Minuten" under posts from nine hours ago and to come out of order.
    [Test]
    public async Task A_reply_is_never_older_than_its_comment_nor_a_comment_older_than_its_post()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.created_at < p.created_at"), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(*) FROM comments c JOIN comments parent ON parent.id = c.parent_id WHERE c.created_at < parent.created_at"), Is.Zero);
    }

    [Test]
    public async Task Posts_and_comments_are_in_time_order_and_none_is_in_the_future()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts a JOIN posts b ON b.id = a.id + 1 WHERE b.created_at < a.created_at"), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(*) FROM comments a JOIN comments b ON b.id = a.id + 1 WHERE b.created_at < a.created_at"), Is.Zero);
        Assert.That(await CountAsync($"SELECT COUNT(*) FROM posts WHERE created_at > {now}") + await CountAsync($"SELECT COUNT(*) FROM comments WHERE created_at > {now}"), Is.Zero);
    }

    /// Comments of the last two days are spread over the time since their post, not bunched at the moment of seeding.
    [Test]
    public async Task Comments_on_recent_posts_are_spread_over_the_time_since_the_post()
    {
        var latest = await CountAsync("SELECT MAX(created_at) FROM comments");
        var atTheEnd = await CountAsync($"SELECT COUNT(*) FROM comments WHERE created_at >= {latest} - 60000");

        Assert.That(atTheEnd, Is.LessThan(5), "comments bunched at the seeding time");
    }

    [TestCase("ceo@demo.example")]
    [TestCase("admin@demo.example")]
    [TestCase("influencer@demo.example")]
    [TestCase("staff@demo.example")]
    public async Task A_demo_account_signs_in_with_the_password_demo(string email)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = DemoSeeder.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await SnapshotAsync();

        await _app.Service<Intranet.Blog.Infrastructure.FirstStart>().SeedOrInviteAsync();

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Everyone_follows_their_department_and_some_colleagues()
    {
        Assert.That(await CountAsync("""
            SELECT COUNT(*) FROM users u
             WHERE NOT EXISTS (SELECT 1 FROM follows f WHERE f.user_id = u.id AND f.target_kind = 'department' AND f.target_id = u.department_id)
            """), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(DISTINCT user_id) FROM follows WHERE target_kind = 'person'"), Is.GreaterThan(100));
    }

    [Test]
    public async Task The_demo_admin_finds_notifications_waiting()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await TestData.SignInAsync(client, "admin@demo.example", DemoSeeder.Password);
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await TestData.GetPageAsync(client, "/notifications");

        Assert.That(page.QuerySelectorAll(".notification.unread"), Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(page.QuerySelector("[data-bell-count]")!.HasAttribute("hidden"), Is.False);
    }

    [Test]
    public async Task Demo_posts_carry_topics_and_mention_colleagues_with_rows_and_links()
    {
        Assert.That(await CountAsync("SELECT COUNT(DISTINCT post_id) FROM post_tags"), Is.GreaterThan(50));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM tags WHERE key IN ('betriebsrat', 'weiterbildung2026', 'digitalisierung', 'sommerfest')"), Is.EqualTo(4));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM mentions WHERE comment_id IS NULL"), Is.GreaterThan(10));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM mentions WHERE comment_id IS NOT NULL"), Is.GreaterThan(50));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM users WHERE handle IS NULL"), Is.Zero);
        // Every stored mention shows as a link to that person in the rendered text.
        Assert.That(await CountAsync("""
            SELECT COUNT(*) FROM mentions m JOIN posts p ON p.id = m.post_id
             WHERE m.comment_id IS NULL AND p.body_html NOT LIKE '%<a href="/people/' || m.user_id || '" class="mention">%'
            """), Is.Zero);
    }

    /// Row counts and highest ids: a second seeding would add rows, so either would move.
    private async Task<List<long>> SnapshotAsync()
    {
        string[] queries =
        [
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM departments",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM users",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM posts",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM comments",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM reactions",
            "SELECT COUNT(*) FROM post_seen",
            "SELECT COUNT(*) FROM post_opens",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM events",
            "SELECT COUNT(*) FROM follows",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM notifications",
            "SELECT COUNT(*) FROM post_tags",
            "SELECT COUNT(*) + COALESCE(MAX(id), 0) * 1000000 FROM mentions",
        ];
        var snapshot = new List<long>();
        foreach (var query in queries)
        {
            snapshot.Add(await CountAsync(query));
        }

        return snapshot;
    }

    [Test]
    public async Task Every_department_has_one_or_two_influencers_and_the_tree_has_three_levels()
    {
        Assert.That(await CountAsync("""
            SELECT COUNT(*) FROM departments d
             WHERE (SELECT COUNT(*) FROM department_influencers i WHERE i.department_id = d.id) NOT IN (1, 2)
            """), Is.Zero);
        Assert.That(await CountAsync("SELECT COUNT(*) FROM departments WHERE parent_id IN (SELECT id FROM departments WHERE parent_id IS NOT NULL)"), Is.GreaterThan(0));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM users WHERE role = 'Influencer'"), Is.Zero);
    }

    [Test]
    public async Task Departments_have_pinned_guides_and_one_is_overdue_for_review()
    {
        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts WHERE kind = 'guide'"), Is.EqualTo(DemoSeeder.GuideCount));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM pins p JOIN posts g ON g.id = p.post_id WHERE g.kind = 'guide' AND p.department_id = g.department_id"),
            Is.EqualTo(DemoSeeder.GuideCount));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM posts WHERE kind = 'guide' AND review_by < (SELECT MAX(created_at) FROM posts)"), Is.GreaterThanOrEqualTo(1));
        Assert.That(await CountAsync("SELECT COUNT(*) FROM pins WHERE department_id IS NULL"), Is.EqualTo(1), "a company pin");
    }
}
