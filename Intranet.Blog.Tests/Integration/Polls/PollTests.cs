using System.Net;
using System.Text.Json;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Polls;

/// Polls through their forms, as a browser without script sends them: creating, voting, changing a named vote,
/// the anonymous vote's finality, the closing time and who may see whom.
public sealed class PollTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync()
    {
        var person = await TestData.PersonAsync(_app);
        return (person, await TestData.SignedInClientAsync(_app, person));
    }

    [Test]
    public async Task A_named_vote_through_the_form_counts_returns_to_the_poll_and_can_be_changed()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Montag", "Dienstag", "Mittwoch"]);
        var options = await PollForms.OptionsAsync(voter, postId);

        var response = await PollForms.VoteAsync(voter, postId, options[1]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/posts/{postId}#poll-{postId}"));
        Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "0 Stimmen · 0 %", "1 Stimme · 100 %", "0 Stimmen · 0 %" }));
        var page = await TestData.GetPageAsync(voter, $"/posts/{postId}");
        Assert.That(PollForms.Form(page, postId).QuerySelector("input[name=options]:checked")?.GetAttribute("value"), Is.EqualTo(options[1].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(PollForms.Form(page, postId).QuerySelector("button[type=submit]")?.TextContent, Is.EqualTo("Stimme ändern"));

        await PollForms.VoteAsync(voter, postId, options[2]);

        Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "0 Stimmen · 0 %", "0 Stimmen · 0 %", "1 Stimme · 100 %" }));
    }

    [Test]
    public async Task A_named_poll_shows_who_chose_what_like_reactions()
    {
        var (_, author) = await PersonAsync();
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Tee", "Kaffee"], multiple: true);
        var options = await PollForms.OptionsAsync(author, postId);
        await PollForms.VoteAsync(annaClient, postId, options[0], options[1]);
        await PollForms.VoteAsync(benClient, postId, options[1]);

        var page = await TestData.GetPageAsync(author, $"/posts/{postId}/poll/voters");

        var sections = page.QuerySelectorAll("main h2").Select(h => (h.TextContent, h.NextElementSibling!.TextContent)).ToList();
        Assert.That(sections[0].Item1, Is.EqualTo("Tee (1)"));
        Assert.That(sections[0].Item2, Does.Contain(anna.Name).And.Not.Contain(ben.Name));
        Assert.That(sections[1].Item1, Is.EqualTo("Kaffee (2)"));
        Assert.That(sections[1].Item2, Does.Contain(anna.Name).And.Contain(ben.Name));
        Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "1 Stimme · 50 %", "2 Stimmen · 100 %" }), "per voter: two people voted");
    }

    [Test]
    public async Task A_single_choice_poll_refuses_two_options_and_an_option_of_another_poll()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Ja", "Nein"]);
        var other = await PollForms.CreateAsync(author, ["Links", "Rechts"]);
        var options = await PollForms.OptionsAsync(voter, postId);
        var foreign = await PollForms.OptionsAsync(voter, other);

        var both = await PollForms.VoteAsync(voter, postId, options[0], options[1]);
        var elsewhere = await PollForms.VoteAsync(voter, postId, foreign[0]);
        var none = await PollForms.VoteAsync(voter, postId);

        Assert.That(new[] { both.StatusCode, elsewhere.StatusCode, none.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(both)).QuerySelector(".errors")?.TextContent, Does.Contain("Wähle eine der Antworten"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM poll_voters WHERE post_id IN (@postId, @other)", new { postId, other }), Is.Zero);
    }

    [Test]
    public async Task An_anonymous_vote_is_final_and_nobody_can_see_whose_it_is()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Gut", "Schlecht"], anonymous: true);
        var options = await PollForms.OptionsAsync(voter, postId);
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Intranet.Blog.Infrastructure.Auth.Roles.Admin));

        Assert.That((await PollForms.VoteAsync(voter, postId, options[1])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var again = await PollForms.VoteAsync(voter, postId, options[0]);

        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await TestData.ParseAsync(again)).QuerySelector(".errors")?.TextContent, Does.Contain("endgültig"));
        Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "0 Stimmen · 0 %", "1 Stimme · 100 %" }));
        Assert.That((await admin.GetAsync($"/posts/{postId}/poll/voters")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var own = PollForms.Form(await TestData.GetPageAsync(voter, $"/posts/{postId}"), postId);
        Assert.That(own.QuerySelectorAll("input[name=options]:checked"), Is.Empty, "not even the voter is shown their ballot");
        Assert.That(own.TextContent, Does.Contain("Deine Stimme ist endgültig"));
        Assert.That(own.QuerySelector("button[type=submit]"), Is.Null);
        Assert.That(PollForms.Form(await TestData.GetPageAsync(author, $"/posts/{postId}"), postId).TextContent, Does.Contain("Niemand, auch keine Admins"));
    }

    [Test]
    public async Task The_vote_answers_script_with_counts_and_only_a_named_ballot()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var named = await PollForms.CreateAsync(author, ["A", "B"]);
        var anonymous = await PollForms.CreateAsync(author, ["C", "D"], anonymous: true);
        var namedOptions = await PollForms.OptionsAsync(voter, named);
        var anonymousOptions = await PollForms.OptionsAsync(voter, anonymous);
        var token = await TestData.TokenAsync(voter, "/");

        using var namedJson = JsonDocument.Parse(await (await PollForms.VoteAsync(voter, named, [namedOptions[0]], token, "application/json")).Content.ReadAsStringAsync());
        using var anonymousJson = JsonDocument.Parse(await (await PollForms.VoteAsync(voter, anonymous, [anonymousOptions[0]], token, "application/json")).Content.ReadAsStringAsync());

        Assert.That(namedJson.RootElement.GetProperty("counts").GetProperty(namedOptions[0].ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32(), Is.EqualTo(1));
        Assert.That(namedJson.RootElement.GetProperty("mine").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new[] { namedOptions[0] }));
        Assert.That(anonymousJson.RootElement.GetProperty("counts").GetProperty("voters").GetInt32(), Is.EqualTo(1));
        Assert.That(anonymousJson.RootElement.GetProperty("mine").GetArrayLength(), Is.Zero);
        Assert.That(anonymousJson.RootElement.GetProperty("final").GetBoolean(), Is.True);
    }

    /// What live pushes carry (the catch-up returns the same envelopes): the poll's counts, and for an anonymous
    /// poll no actor.
    [TestCase(false)]
    [TestCase(true)]
    public async Task A_vote_goes_live_as_counts_and_an_anonymous_one_without_its_voter(bool anonymous)
    {
        var (_, author) = await PersonAsync();
        var (voter, voterClient) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Hin", "Her"], anonymous: anonymous);
        var options = await PollForms.OptionsAsync(voterClient, postId);
        var after = await TestData.ScalarAsync<long>(_app, "SELECT MAX(id) FROM events");

        await PollForms.VoteAsync(voterClient, postId, options[1]);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/live/events?after={after}");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = JsonDocument.Parse(await (await author.SendAsync(request)).Content.ReadAsStringAsync());
        var pushed = json.RootElement.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "poll.votes");
        Assert.That(pushed.GetProperty("targetId").GetInt64(), Is.EqualTo(postId));
        var counts = pushed.GetProperty("counts");
        Assert.That(counts.GetProperty(options[0].ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32(), Is.Zero);
        Assert.That(counts.GetProperty(options[1].ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32(), Is.EqualTo(1));
        Assert.That(counts.GetProperty("voters").GetInt32(), Is.EqualTo(1));
        var actor = pushed.GetProperty("actorId");
        Assert.That(actor.ValueKind == JsonValueKind.Null ? (long?)null : actor.GetInt64(), Is.EqualTo(anonymous ? null : voter.Id));
    }

    [Test]
    public async Task A_poll_closes_at_its_time_in_the_authors_zone()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        // The author's zone is the default, Europe/Berlin: the time typed is read there.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var closesLocal = TimeZoneInfo.ConvertTime(_clock.GetUtcNow().AddHours(2), zone);
        var typed = closesLocal.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var postId = await PollForms.CreateAsync(author, ["Früh", "Spät"], closesAt: typed);
        var options = await PollForms.OptionsAsync(voter, postId);

        var stored = await TestData.ScalarAsync<long>(_app, "SELECT closes_at FROM polls WHERE post_id = @postId", new { postId });
        var expected = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(DateTime.ParseExact(typed, "yyyy-MM-dd'T'HH:mm", null), DateTimeKind.Unspecified), zone));
        Assert.That(stored, Is.EqualTo(expected.ToUnixTimeMilliseconds()));
        Assert.That(PollForms.Form(await TestData.GetPageAsync(voter, $"/posts/{postId}"), postId).TextContent, Does.Contain("Endet am").And.Contain("Europe/Berlin"));
        Assert.That((await PollForms.VoteAsync(voter, postId, options[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "open before its time");

        _clock.Advance(TimeSpan.FromHours(2));

        var late = await PollForms.VoteAsync(voter, postId, options[1]);
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await TestData.ParseAsync(late)).QuerySelector(".errors")?.TextContent, Does.Contain("beendet"));
        var form = PollForms.Form(await TestData.GetPageAsync(voter, $"/posts/{postId}"), postId);
        Assert.That(form.QuerySelector("button[type=submit]"), Is.Null);
        Assert.That(form.QuerySelectorAll("input[name=options]").All(i => i.HasAttribute("disabled")), Is.True);
        Assert.That(form.QuerySelector("[data-poll-closed]")!.HasAttribute("hidden"), Is.False);
        Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "1 Stimme · 100 %", "0 Stimmen · 0 %" }), "the vote before closing stands");
    }

    [TestCase(new[] { "Nur eine" }, "2 bis 10 Antworten")]
    [TestCase(new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" }, "2 bis 10 Antworten")]
    [TestCase(new[] { "Gleich", "gleich" }, "anders lauten")]
    public async Task A_poll_with_the_wrong_options_is_refused_with_its_post(string[] options, string message)
    {
        var (person, client) = await PersonAsync();

        var response = await PollForms.SendCreateAsync(client, options, body: TestData.Unique("Umfrage"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain(message));
        Assert.That(page.QuerySelector("details.poll-fields")?.HasAttribute("open"), Is.True, "the refused poll is shown again, open");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", person), Is.Zero);
    }

    [Test]
    public async Task A_post_without_options_has_no_poll()
    {
        var (_, client) = await PersonAsync();

        var response = await PollForms.SendCreateAsync(client, ["", " ", ""], accept: "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("form[data-poll]"), Is.Null);
    }

    [Test]
    public async Task A_hidden_posts_poll_takes_no_votes_and_shows_no_voters()
    {
        var (_, author) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Eins", "Zwei"]);
        var options = await PollForms.OptionsAsync(voter, postId);
        await TestData.ScalarAsync<long>(_app, "UPDATE posts SET deleted_at = 1 WHERE id = @postId RETURNING id", new { postId });

        Assert.That((await PollForms.VoteAsync(voter, postId, options[0])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await voter.GetAsync($"/posts/{postId}/poll/voters")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// 50 people at once in each kind of poll: every vote counts once; and one person sending 20 votes at once
    /// in an anonymous poll is counted once, the others refused.
    [TestCase(false)]
    [TestCase(true)]
    public async Task Fifty_concurrent_voters_are_each_counted_once(bool anonymous)
    {
        var (_, author) = await PersonAsync();
        var postId = await PollForms.CreateAsync(author, ["Rot", "Grün"], anonymous: anonymous);
        var options = await PollForms.OptionsAsync(author, postId);
        var voters = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var (_, client) = await PersonAsync();
            return (Client: client, Token: await TestData.TokenAsync(client, "/"));
        }));

        var responses = await Task.WhenAll(voters.Select((v, i) => PollForms.VoteAsync(v.Client, postId, [options[i % 2]], v.Token)));
        var one = voters[0];
        var repeats = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PollForms.VoteAsync(one.Client, postId, [options[i % 2]], one.Token)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM poll_voters WHERE post_id = @postId", new { postId }), Is.EqualTo(50));
        if (anonymous)
        {
            Assert.That(repeats.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await PollForms.ShownCountsAsync(author, postId), Is.EqualTo(new[] { "25 Stimmen · 50 %", "25 Stimmen · 50 %" }));
        }
        else
        {
            // A named vote may change: the last of the repeats stands, and the person still counts once.
            Assert.That(repeats.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM poll_votes WHERE post_id = @postId", new { postId }), Is.EqualTo(50));
        }
    }
}
