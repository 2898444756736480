using System.Globalization;
using System.Net;
using System.Text.Json;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Ideas;

/// Idea rounds through their forms, as a browser without script sends them: who may open one and ask whom, ideas
/// and support ranked, the closing time, the outcome with its notifications, and what goes live.
public sealed class IdeaRoundTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(
        settings: new Dictionary<string, string> { ["Intranet:Limits:WritesPerMinute"] = "1000000" },
        services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(string role = Roles.Staff, long? departmentId = null)
    {
        var person = await TestData.PersonAsync(_app, role, departmentId);
        return (person, await TestData.SignedInClientAsync(_app, person));
    }

    private DateTimeOffset InDays(double days) => _clock.GetUtcNow().AddDays(days);

    [Test]
    public async Task Ideas_are_ranked_by_support_then_by_who_came_first_and_support_counts_once_and_can_be_taken_back()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Wie feiern wir das Jubiläum?", InDays(7));
        var (_, anna) = await PersonAsync();
        var (_, ben) = await PersonAsync();
        var (_, clara) = await PersonAsync();
        var boat = await IdeaForms.IdeaAsync(anna, round, "Bootsfahrt", "Auf dem See,\nmit allen");
        var picnic = await IdeaForms.IdeaAsync(ben, round, "Picknick");
        var concert = await IdeaForms.IdeaAsync(clara, round, "Konzert");

        await IdeaForms.SupportAsync(anna, concert);
        await IdeaForms.SupportAsync(anna, concert);
        await IdeaForms.SupportAsync(ben, concert);
        await IdeaForms.SupportAsync(clara, picnic);
        await IdeaForms.SupportAsync(ben, boat);
        await IdeaForms.SupportAsync(ben, boat, on: false);

        Assert.That(await IdeaForms.RankingAsync(executive, round), Is.EqualTo(new[]
        {
            ("Konzert", "2 Unterstützungen"), ("Picknick", "1 Unterstützung"), ("Bootsfahrt", "0 Unterstützungen"),
        }));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_supports s JOIN ideas i ON i.id = s.idea_id WHERE i.round_id = @round", new { round }), Is.EqualTo(3));
        var page = await TestData.GetPageAsync(anna, $"/posts/{round}");
        Assert.That(IdeaForms.SupportForm(page, boat), Is.Null, "nobody supports their own idea");
        Assert.That(IdeaForms.SupportForm(page, concert)!.QuerySelector("button")!.GetAttribute("aria-pressed"), Is.EqualTo("true"));
        Assert.That(page.QuerySelector($"#idea-{boat} .idea-body")!.TextContent, Is.EqualTo("Auf dem See,\nmit allen"), "the text keeps its lines");
        Assert.That((await IdeaForms.SupportAsync(anna, boat)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT supports FROM ideas WHERE id = @boat", new { boat }), Is.Zero);
    }

    [Test]
    public async Task The_card_in_the_feed_shows_the_count_the_leading_idea_and_the_way_in()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Welche Getränke im Automaten?", InDays(3));
        var (_, anna) = await PersonAsync();
        var (_, ben) = await PersonAsync();
        await IdeaForms.IdeaAsync(anna, round, "Mate");
        var water = await IdeaForms.IdeaAsync(anna, round, "Sprudelwasser");
        await IdeaForms.SupportAsync(ben, water);

        var card = (await TestData.GetPageAsync(ben, "/")).QuerySelector($"#post-{round}")!;

        Assert.That(card.QuerySelector("[data-idea-count]")!.TextContent, Is.EqualTo("2 Ideen"));
        Assert.That(card.QuerySelector(".idea-leading")!.TextContent, Does.Contain("Sprudelwasser").And.Contain("1 Unterstützung"));
        Assert.That(card.QuerySelector($"a[href='/posts/{round}#ideas']"), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(ben, "/ideas")).QuerySelector($".round-list a[href='/posts/{round}#ideas']"), Is.Not.Null, "listed among the open rounds");
    }

    [Test]
    public async Task Staff_open_no_round_and_an_influencer_asks_only_the_departments_they_look_after()
    {
        var (_, staff) = await PersonAsync();
        Assert.That((await staff.GetAsync("/ideas/new")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await IdeaForms.SendOpenAsync(staff, "Frage?", "Text", IdeaForms.Local(InDays(2)))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await TestData.GetPageAsync(staff, "/ideas")).QuerySelector("a[href='/ideas/new']"), Is.Null);

        var mine = await TestData.DepartmentAsync(_app);
        var other = await TestData.DepartmentAsync(_app);
        var (influencer, influencerClient) = await PersonAsync(departmentId: mine);
        await OrgTree.AppointAsync(_app, mine, influencer.Id);
        var form = await TestData.GetPageAsync(influencerClient, "/ideas/new");
        Assert.That(form.QuerySelectorAll("input[name=departments]").Select(i => i.GetAttribute("value")), Is.EqualTo(new[] { OrgTree.Id(mine) }));
        Assert.That(form.QuerySelector("input[name=departments]")!.HasAttribute("checked"), Is.True, "their one department is asked unless they untick it");

        Assert.That((await IdeaForms.SendOpenAsync(influencerClient, "Frage?", "Text", IdeaForms.Local(InDays(2)), other)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var company = await IdeaForms.SendOpenAsync(influencerClient, "Frage?", "Text", IdeaForms.Local(InDays(2)));
        Assert.That(company.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(company)), Does.Contain("Wähle die Abteilungen"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", influencer), Is.Zero, "nothing is written for a refusal");

        var round = await IdeaForms.OpenAsync(influencerClient, "Wie verbessern wir die Übergabe?", InDays(2), mine);

        Assert.That(await TestData.ScalarAsync<long?>(_app, "SELECT department_id FROM posts WHERE id = @round", new { round }), Is.EqualTo(mine), "a round asking one department lives there");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT department_id FROM idea_round_departments WHERE post_id = @round", new { round }), Is.EqualTo(mine));
    }

    [Test]
    public async Task A_department_round_takes_ideas_and_support_from_that_department_and_the_ones_below_only()
    {
        var asked = await TestData.DepartmentAsync(_app);
        var team = await OrgTree.DepartmentAsync(_app, asked);
        var elsewhere = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Was fehlt im Lager?", InDays(5), asked);
        var (_, inTeam) = await PersonAsync(departmentId: team);
        var (outsider, outsiderClient) = await PersonAsync(departmentId: elsewhere);

        var idea = await IdeaForms.IdeaAsync(inTeam, round, "Ein zweiter Hubwagen");
        var refused = await IdeaForms.SendIdeaAsync(outsiderClient, round, "Von außen");
        var support = await IdeaForms.SupportAsync(outsiderClient, idea);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(support.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM ideas WHERE author_id = @Id", outsider), Is.Zero);
        var page = await TestData.GetPageAsync(outsiderClient, $"/posts/{round}");
        Assert.That(page.QuerySelector("[data-idea-form]"), Is.Null);
        Assert.That(IdeaForms.SupportForm(page, idea), Is.Null);
        Assert.That(page.QuerySelector("[data-idea-meta]")!.TextContent, Does.Contain("andere Abteilungen"));
        Assert.That(page.QuerySelector("#idea-" + idea), Is.Not.Null, "everyone can follow the round");
    }

    [Test]
    public async Task A_refused_idea_comes_back_with_what_was_typed_and_nothing_is_stored()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Ideen für die Kantine?", InDays(4));
        var (anna, annaClient) = await PersonAsync();

        var empty = await IdeaForms.SendIdeaAsync(annaClient, round, "   ", "Ein langer Text, der nicht verloren gehen darf");
        var tooLong = await IdeaForms.SendIdeaAsync(annaClient, round, new string('x', 121));

        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(empty);
        Assert.That(TestData.ErrorText(page), Does.Contain("Idee ist erforderlich"));
        Assert.That(page.QuerySelector("#idea-body")!.TextContent, Is.EqualTo("Ein langer Text, der nicht verloren gehen darf"));
        Assert.That(page.QuerySelector("#idea-title")!.GetAttribute("aria-invalid"), Is.EqualTo("true"));
        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(tooLong)), Does.Contain("höchstens 120 Zeichen"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM ideas WHERE author_id = @Id", anna), Is.Zero);
    }

    [Test]
    public async Task One_person_brings_in_at_most_twenty_ideas_and_withdrawing_one_makes_room()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Viele Ideen?", InDays(4));
        var (_, anna) = await PersonAsync();
        var ideas = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ideas.Add(await IdeaForms.IdeaAsync(anna, round, $"Idee {i}"));
        }

        var one = await IdeaForms.SendIdeaAsync(anna, round, "Idee 21");
        Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(one)), Does.Contain("schon 20 Ideen"));

        var (_, ben) = await PersonAsync();
        await IdeaForms.SupportAsync(ben, ideas[0]);
        Assert.That((await IdeaForms.WithdrawAsync(ben, ideas[0])).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only its author withdraws an idea");
        Assert.That((await IdeaForms.WithdrawAsync(anna, ideas[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_supports WHERE idea_id = @id", new { id = ideas[0] }), Is.Zero, "its support goes with it");
        await IdeaForms.IdeaAsync(anna, round, "Idee 21");
    }

    [Test]
    public async Task At_its_closing_time_the_ranking_is_fixed_and_the_opener_publishes_the_outcome_whose_chosen_authors_hear_so()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Wohin mit dem Überschuss?", _clock.GetUtcNow().AddHours(2));
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var (clara, claraClient) = await PersonAsync();
        var trees = await IdeaForms.IdeaAsync(annaClient, round, "Bäume [pflanzen](javascript:alert(1))");
        var bikes = await IdeaForms.IdeaAsync(benClient, round, "Dienstfahrräder");
        var party = await IdeaForms.IdeaAsync(claraClient, round, "Feier");
        await IdeaForms.SupportAsync(benClient, trees);
        Assert.That((await executive.GetAsync($"/posts/{round}/outcome")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "no outcome before the round has closed");

        _clock.Advance(TimeSpan.FromHours(3));

        Assert.That((await IdeaForms.SendIdeaAsync(annaClient, round, "Zu spät")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await IdeaForms.SupportAsync(annaClient, bikes)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await IdeaForms.SupportAsync(benClient, trees, on: false)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await IdeaForms.WithdrawAsync(claraClient, party)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await annaClient.GetAsync($"/posts/{round}/outcome")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var roundPage = await TestData.GetPageAsync(executive, $"/posts/{round}");
        Assert.That(roundPage.QuerySelector($"a[href='/posts/{round}/outcome']"), Is.Not.Null, "the opener is asked for the outcome");
        Assert.That(roundPage.QuerySelector("[data-idea-form]"), Is.Null);

        var foreign = await IdeaForms.CloseAsync(executive, round, "Ergebnis", "Text", trees, 999_999);
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_rounds WHERE post_id = @round AND outcome_post_id IS NULL", new { round }), Is.EqualTo(1));

        var closed = await IdeaForms.CloseAsync(executive, round, "Ergebnis: Bäume und Räder", "Wir setzen zwei Ideen um.", trees, bikes);

        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await closed.Content.ReadAsStringAsync());
        var outcome = long.Parse(closed.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT outcome_post_id FROM idea_rounds WHERE post_id = @round", new { round }), Is.EqualTo(outcome));
        var outcomePage = await TestData.GetPageAsync(claraClient, $"/posts/{outcome}");
        SafeHtml.AssertSafe(outcomePage, "outcome");
        var links = outcomePage.QuerySelectorAll("[data-post-body] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(links, Is.EqualTo(new[] { $"/posts/{round}#idea-{trees}", $"/posts/{round}#idea-{bikes}", $"/posts/{round}" }));
        Assert.That(outcomePage.QuerySelector("[data-post-body]")!.TextContent, Does.Contain("Bäume [pflanzen](javascript:alert(1))"), "an idea's title stays its words");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM ideas WHERE round_id = @round AND chosen = 1", new { round }), Is.EqualTo(2));
        foreach (var (person, told) in new[] { (anna, 1L), (ben, 1L), (clara, 0L) })
        {
            Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @id AND kind = 'idea_chosen' AND post_id = @outcome", new { id = person.Id, outcome }),
                Is.EqualTo(told), person.Name);
        }

        Assert.That((await IdeaForms.CloseAsync(executive, round, "Noch eins", "Text")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "one outcome per round");
        var ranking = await IdeaForms.RankingAsync(claraClient, round);
        Assert.That(ranking.Select(r => r.Title), Is.EqualTo(new[] { "Bäume [pflanzen](javascript:alert(1))", "Dienstfahrräder", "Feier" }));
        var card = (await TestData.GetPageAsync(claraClient, "/")).QuerySelector($"#post-{round}")!;
        Assert.That(card.QuerySelector($"a[href='/posts/{outcome}']"), Is.Not.Null, "the card leads to the outcome");
        Assert.That(card.QuerySelector(".idea-closed"), Is.Not.Null);
    }

    [Test]
    public async Task A_closing_time_is_refused_when_it_is_no_date_past_or_too_far()
    {
        var (executive, client) = await PersonAsync(Roles.Executive);
        foreach (var value in new[] { "morgen", "", IdeaForms.Local(InDays(-1)), IdeaForms.Local(InDays(93)) })
        {
            var response = await IdeaForms.SendOpenAsync(client, "Frage?", "Text", value);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), value);
            var page = await TestData.ParseAsync(response);
            Assert.That(page.QuerySelector("#round-closes")!.GetAttribute("aria-invalid"), Is.EqualTo("true"), value);
            Assert.That(page.QuerySelector("#round-question")!.GetAttribute("value"), Is.EqualTo("Frage?"), "what was typed stays");
        }

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", executive), Is.Zero);
    }

    /// What live pushes carry (the catch-up returns the same envelopes): the round's card again, with the new count;
    /// support goes out without an actor.
    [Test]
    public async Task A_new_idea_and_support_go_live_as_the_rounds_card_and_support_names_nobody()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Live?", InDays(1));
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var after = await TestData.ScalarAsync<long>(_app, "SELECT MAX(id) FROM events");

        var idea = await IdeaForms.IdeaAsync(annaClient, round, "Sichtbar");
        await IdeaForms.SupportAsync(benClient, idea);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/live/events?after={after}");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = JsonDocument.Parse(await (await executive.SendAsync(request)).Content.ReadAsStringAsync());
        var pushed = json.RootElement.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "post.ideas").ToList();
        Assert.That(pushed, Has.Count.EqualTo(2));
        Assert.That(pushed.Select(e => e.GetProperty("targetId").GetInt64()), Is.All.EqualTo(round));
        Assert.That(pushed[0].GetProperty("actorId").GetInt64(), Is.EqualTo(anna.Id));
        Assert.That(pushed[1].GetProperty("actorId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var html = pushed[1].GetProperty("html").EnumerateObject().First().Value.GetString()!;
        Assert.That(html, Does.Contain("1 Idee").And.Contain("Sichtbar"));
    }

    /// 150 people, as the issue asks: everyone supports at once, some twice over, and every support counts exactly once.
    [Test, CancelAfter(240_000)]
    public async Task One_hundred_and_fifty_people_supporting_at_once_are_each_counted_once(CancellationToken ct)
    {
        var (_, executive) = await PersonAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executive, "Alle auf einmal?", InDays(7));
        var (_, anna) = await PersonAsync();
        var ideas = new[] { await IdeaForms.IdeaAsync(anna, round, "Eins"), await IdeaForms.IdeaAsync(anna, round, "Zwei") };
        var people = new List<HttpClient>();
        for (var i = 0; i < 150; i++)
        {
            people.Add((await PersonAsync()).Client);
        }

        var tokens = await Task.WhenAll(people.Select(c => TestData.TokenAsync(c, "/ideas")));

        // Everyone supports "Eins"; every third person also "Zwei", and sends it twice.
        var sends = people.SelectMany((c, i) => i % 3 == 0
            ? new[] { (c, ideas[0], tokens[i]), (c, ideas[1], tokens[i]), (c, ideas[1], tokens[i]) }
            : new[] { (c, ideas[0], tokens[i]) });
        var responses = await Task.WhenAll(sends.Select(s => IdeaForms.SupportAsync(s.c, s.Item2, token: s.Item3)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT supports FROM ideas WHERE id = @id", new { id = ideas[0] }), Is.EqualTo(150));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT supports FROM ideas WHERE id = @id", new { id = ideas[1] }), Is.EqualTo(50));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_supports WHERE idea_id = @id", new { id = ideas[1] }), Is.EqualTo(50));
        Assert.That((await IdeaForms.RankingAsync(executive, round))[0], Is.EqualTo(("Eins", "150 Unterstützungen")));
    }
}
