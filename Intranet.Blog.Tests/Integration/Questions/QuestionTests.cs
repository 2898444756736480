using System.Globalization;
using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Questions;

/// Questions and answers (issue 21 items 1-3): the card's state, who may accept, helpful marks and their order, the
/// open lists and the "Questions" chip.
public sealed class QuestionTests : AppFixture
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(long Department, TestPerson Asker, HttpClient AskerClient)> AskerAsync()
    {
        var department = await TestData.DepartmentAsync(App);
        var asker = await TestData.PersonAsync(App, Roles.Staff, department);
        return (department, asker, await TestData.SignedInClientAsync(App, asker));
    }

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(string role = Roles.Staff, long? department = null)
    {
        var person = await TestData.PersonAsync(App, role, department);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private async Task<string> StatusOnCardAsync(HttpClient client, long postId, string url = "/?questions=true")
    {
        var card = (await TestData.GetPageAsync(client, url)).QuerySelector($"#post-{Id(postId)}");
        Assert.That(card, Is.Not.Null, $"the card of {postId} is on {url}");
        return card!.QuerySelector("[data-question-status]")!.GetAttribute("data-question-status")!;
    }

    [Test]
    public async Task A_question_is_open_until_someone_else_answers_and_solved_once_an_answer_is_accepted()
    {
        var (department, _, asker) = await AskerAsync();
        var (_, colleague) = await PersonAsync();
        var (_, reader) = await PersonAsync();
        var id = await Asking.AskAsync(asker, "Wo finde ich die Reisekostenformulare?", department);

        Assert.That(await StatusOnCardAsync(reader, id), Is.EqualTo("open"));
        Assert.That((await TestData.GetPageAsync(reader, "/?questions=true")).QuerySelector($"#post-{Id(id)} .question-line")!.TextContent, Does.Contain("Frage").And.Contain("offen"));

        await TestData.CommentAsync(asker, id, "Ergänzung: am liebsten als PDF.");
        Assert.That(await StatusOnCardAsync(reader, id), Is.EqualTo("open"), "the asker's own comment is no answer");

        var answer = await TestData.CommentAsync(colleague, id, "Im Intranet unter **Formulare**.");
        Assert.That(await StatusOnCardAsync(reader, id), Is.EqualTo("answered"));
        Assert.That((await TestData.GetPageAsync(reader, "/?questions=true")).QuerySelector($"#post-{Id(id)} .question-line")!.TextContent, Does.Contain("beantwortet"));

        Assert.That((await Asking.AcceptAsync(asker, id, answer)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var card = (await TestData.GetPageAsync(reader, "/?questions=true")).QuerySelector($"#post-{Id(id)}")!;
        Assert.That(card.QuerySelector("[data-question-status]")!.GetAttribute("data-question-status"), Is.EqualTo("solved"));
        Assert.That(card.QuerySelector(".question-line")!.TextContent, Does.Contain("gelöst"));
        Assert.That(card.QuerySelector(".accepted-answer")!.TextContent, Does.Contain("Formulare"), "the accepted answer under the question on the card");
        Assert.That(card.QuerySelector(".accepted-answer strong"), Is.Not.Null, "rendered as stored");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM events WHERE kind = 'post.question' AND target_id = @id", new { id }), Is.EqualTo(2),
            "answered and solved each re-render the card on every open screen");
    }

    [Test]
    public async Task The_asker_an_influencer_of_the_department_and_an_admin_may_accept_and_nobody_else()
    {
        var (department, _, asker) = await AskerAsync();
        var (influencer, influencerClient) = await PersonAsync();
        await OrgTree.AppointAsync(App, department, influencer.Id);
        var (_, admin) = await PersonAsync(Roles.Admin);
        // From elsewhere: in the department itself the most senior person counts as its head, who curates.
        var (_, colleague) = await PersonAsync(Roles.Staff);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (answerer, answererClient) = await PersonAsync();
        var id = await Asking.AskAsync(asker, "Wer bestellt neue Headsets?", department);
        var first = await TestData.CommentAsync(answererClient, id, "Die IT.");
        var second = await TestData.CommentAsync(colleague, id, "Das Sekretariat.");

        foreach (var stranger in new[] { colleague, executive, answererClient })
        {
            Assert.That((await Asking.AcceptAsync(stranger, id, first)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM questions WHERE post_id = @id AND accepted_comment_id IS NOT NULL", new { id }), Is.Zero);

        Assert.That((await Asking.AcceptAsync(asker, id, first)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await AcceptedAsync(id), Is.EqualTo(first));
        Assert.That((await Asking.AcceptAsync(influencerClient, id, second)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "changeable");
        Assert.That(await AcceptedAsync(id), Is.EqualTo(second));
        Assert.That((await Asking.AcceptAsync(admin, id, first)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await AcceptedAsync(id), Is.EqualTo(first));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @answerer AND kind = 'answer_accepted' AND post_id = @id", new { answerer = answerer.Id, id }),
            Is.EqualTo(1), "the answerer is notified (one entry, however often)");

        Assert.That((await Asking.AcceptAsync(asker, id, null)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "taken back");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM questions WHERE post_id = @id AND accepted_comment_id IS NULL", new { id }), Is.EqualTo(1));
    }

    [Test]
    public async Task An_answer_of_another_post_or_a_post_that_is_no_question_cannot_be_accepted()
    {
        var (department, _, asker) = await AskerAsync();
        var (_, colleague) = await PersonAsync();
        var id = await Asking.AskAsync(asker, "Frage eins", department);
        var other = await Asking.AskAsync(asker, "Frage zwei", department);
        var plain = await TestData.MicroAsync(asker, "Keine Frage");
        var elsewhere = await TestData.CommentAsync(colleague, other, "Antwort auf Frage zwei");
        var onPlain = await TestData.CommentAsync(colleague, plain, "Kommentar");

        Assert.That((await Asking.AcceptAsync(asker, id, elsewhere)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Asking.AcceptAsync(asker, plain, onPlain)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Asking.AcceptAsync(asker, id, long.MaxValue)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var answer = await TestData.CommentAsync(colleague, id, "Eine Antwort");
        var reply = await TestData.CommentAsync(colleague, id, "Eine Rückfrage darunter", parentId: answer);
        Assert.That((await Asking.AcceptAsync(asker, id, reply)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a reply under an answer is no answer to accept");
        Assert.That((await Asking.HelpfulAsync(asker, onPlain)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "helpful marks are for answers to questions");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM questions WHERE post_id IN (@id, @other) AND accepted_comment_id IS NOT NULL", new { id, other }), Is.Zero);
    }

    [Test]
    public async Task Answers_are_ordered_accepted_first_then_by_helpful_marks_then_by_time()
    {
        var (department, _, asker) = await AskerAsync();
        var voters = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            voters.Add((await PersonAsync()).Client);
        }

        var (_, answerer) = await PersonAsync();
        var id = await Asking.AskAsync(asker, "Wie beantrage ich Urlaub?", department);
        var a = await TestData.CommentAsync(answerer, id, "Antwort A");
        var b = await TestData.CommentAsync(voters[0], id, "Antwort B");
        var c = await TestData.CommentAsync(answerer, id, "Antwort C");
        var d = await TestData.CommentAsync(answerer, id, "Antwort D");
        await Asking.HelpfulAsync(voters[1], c);
        await Asking.HelpfulAsync(voters[2], c);
        await Asking.HelpfulAsync(voters[1], b);
        await Asking.AcceptAsync(asker, id, d);

        Assert.That(await OrderAsync(asker, id), Is.EqualTo(new[] { d, c, b, a }));

        // One mark each: a second mark changes nothing, taking it back does.
        Assert.That((await Asking.HelpfulAsync(voters[2], c)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await HelpfulCountAsync(c), Is.EqualTo(2));
        await Asking.HelpfulAsync(voters[1], c, helpful: false);
        await Asking.HelpfulAsync(voters[2], c, helpful: false);
        Assert.That(await HelpfulCountAsync(c), Is.Zero);
        Assert.That(await OrderAsync(asker, id), Is.EqualTo(new[] { d, b, a, c }));
        Assert.That((await Asking.HelpfulAsync(voters[0], b)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "not one's own answer");

        var page = await TestData.GetPageAsync(voters[1], $"/posts/{Id(id)}");
        Assert.That(page.QuerySelector($"#comment-{Id(b)} [data-helpful-form] button")!.GetAttribute("aria-pressed"), Is.EqualTo("true"), "the viewer's own mark shows");
        Assert.That(page.QuerySelector($"#comment-{Id(b)} [data-helpful-count]")!.TextContent, Is.EqualTo("1"));
        Assert.That(page.QuerySelector($"#comment-{Id(d)} .accepted-mark"), Is.Not.Null);
        Assert.That(page.QuerySelector($"#comment-{Id(a)} [data-accept-form]")!.HasAttribute("hidden"), Is.True, "only who may accept sees the button");
        Assert.That((await TestData.GetPageAsync(asker, $"/posts/{Id(id)}")).QuerySelector($"#comment-{Id(a)} [data-accept-form]")!.HasAttribute("hidden"), Is.False);
    }

    [Test]
    public async Task Fifty_concurrent_helpful_marks_of_one_person_count_once()
    {
        var (department, _, asker) = await AskerAsync();
        var (_, answerer) = await PersonAsync();
        var (_, voter) = await PersonAsync();
        var id = await Asking.AskAsync(asker, "Gleichzeitig?", department);
        var answer = await TestData.CommentAsync(answerer, id, "Ja.");
        var token = await TestData.TokenAsync(voter, "/");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => voter.PostAsync($"/comments/{Id(answer)}/helpful",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["helpful"] = "true", ["__RequestVerificationToken"] = token }))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await HelpfulCountAsync(answer), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM events WHERE kind = 'comment.helpful' AND target_id = @answer", new { answer }), Is.EqualTo(1),
            "one change, one live event");
    }

    [Test]
    public async Task Open_questions_list_oldest_first_per_department_and_company_wide_and_leave_when_answered()
    {
        var (department, _, asker) = await AskerAsync();
        var (_, other) = await PersonAsync();
        var (_, colleague) = await PersonAsync();
        var older = await Asking.AskAsync(asker, "Ältere offene Frage", department);
        var newer = await Asking.AskAsync(asker, "Neuere offene Frage", department);
        var companyWide = await Asking.AskAsync(other, "Frage an alle");
        var answered = await Asking.AskAsync(asker, "Beantwortete Frage", department);
        await TestData.CommentAsync(colleague, answered, "Erledigt.");

        var list = await TestData.GetPageAsync(colleague, $"/departments/{Id(department)}/questions");
        var ids = list.QuerySelectorAll(".open-question a.title").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(ids, Is.EqualTo(new[] { $"/posts/{Id(older)}", $"/posts/{Id(newer)}" }));
        Assert.That(list.QuerySelector(".open-question .waited")!.TextContent, Does.Contain("Arbeitsstunden"));

        var companyPage = await TestData.GetPageAsync(colleague, "/questions");
        Assert.That(companyPage.QuerySelector("nav.sidenav a[aria-current=page]")?.GetAttribute("href"), Is.EqualTo("/questions"), "the side bar leads here and marks it");
        var company = companyPage.QuerySelectorAll(".open-question a.title").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(company, Does.Contain($"/posts/{Id(companyWide)}").And.Contain($"/posts/{Id(older)}").And.Not.Contain($"/posts/{Id(answered)}"));
        Assert.That(company.IndexOf($"/posts/{Id(older)}"), Is.LessThan(company.IndexOf($"/posts/{Id(companyWide)}")));
        Assert.That((await colleague.GetAsync("/departments/999999999/questions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_company_wide_question_belongs_to_the_askers_department()
    {
        var (department, _, asker) = await AskerAsync();

        var id = await Asking.AskAsync(asker, "Ohne Abteilung gefragt");

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT department_id FROM questions WHERE post_id = @id", new { id }), Is.EqualTo(department));
    }

    [Test]
    public async Task The_questions_chip_shows_only_questions_and_an_article_can_be_asked_too()
    {
        var (department, _, asker) = await AskerAsync();
        var plain = await TestData.MicroAsync(asker, "Nur eine Mitteilung");
        var question = await Asking.AskAsync(asker, "Eine Frage?", department);
        var article = await TestData.PostFormAsync(asker, "/posts/new", "/posts", new() { ["kind"] = "article", ["title"] = "Große Frage", ["body"] = "Ausführlich", ["question"] = "true" });
        var articleId = long.Parse(article.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);

        var page = await TestData.GetPageAsync(asker, "/?questions=true");
        Assert.That(page.QuerySelector($"#post-{Id(question)}"), Is.Not.Null);
        Assert.That(page.QuerySelector($"#post-{Id(articleId)}"), Is.Not.Null);
        Assert.That(page.QuerySelector($"#post-{Id(plain)}"), Is.Null);
        Assert.That(page.QuerySelector("nav.filters a[aria-current=page]")!.TextContent, Is.EqualTo("Fragen"));
        Assert.That(page.QuerySelector("[data-feed]")!.GetAttribute("data-filter-questions"), Is.EqualTo("true"), "live.js takes only questions here");
        Assert.That((await TestData.GetPageAsync(asker, $"/?questions=true&department={Id(department)}")).QuerySelector($"#post-{Id(articleId)}"), Is.Null, "within a department, its questions");
    }

    [Test]
    public async Task The_department_page_shows_its_target_and_monthly_figures_and_its_curators_change_the_target()
    {
        var (department, _, asker) = await AskerAsync();
        var (influencer, influencerClient) = await PersonAsync();
        await OrgTree.AppointAsync(App, department, influencer.Id);
        var (_, colleague) = await PersonAsync(Roles.Staff, department);
        for (var i = 0; i < 5; i++)
        {
            var id = await Asking.AskAsync(asker, $"Frage Nummer {i}", department);
            await TestData.CommentAsync(colleague, id, "Sofort beantwortet.");
        }

        var page = await TestData.GetPageAsync(colleague, $"/departments/{Id(department)}");
        var section = page.QuerySelector("#answering")!;
        Assert.That(section.TextContent, Does.Contain("innerhalb von 4 Arbeitsstunden"));
        var current = section.QuerySelector("tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.That(current[0], Is.EqualTo("5"));
        Assert.That(current[2], Is.EqualTo("100 %"), "all five answered at once: within the target");
        // Someone from elsewhere: in the department itself the most senior person counts as its head, who curates.
        var (_, outsider) = await PersonAsync();
        var outsiders = (await TestData.GetPageAsync(outsider, $"/departments/{Id(department)}")).QuerySelector("#answering")!;
        Assert.That(outsiders.QuerySelector("a[href$='/response-target']"), Is.Null, "only curators change the target");
        Assert.That((await outsider.GetAsync($"/departments/{Id(department)}/response-target")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var refused = await TestData.PostFormAsync(outsider, $"/departments/{Id(department)}", $"/departments/{Id(department)}/response-target", new() { ["hours"] = "1" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var saved = await TestData.PostFormAsync(influencerClient, $"/departments/{Id(department)}/response-target", $"/departments/{Id(department)}/response-target",
            new() { ["hours"] = "2,5", ["ownHours"] = "true", ["timeZone"] = "America/New_York", ["days"] = "1", ["start"] = "09:00", ["end"] = "17:00" });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT target_minutes || '|' || time_zone || '|' || work_days || '|' || work_start || '|' || work_end FROM response_targets WHERE department_id = @department", new { department }),
            Is.EqualTo("150|America/New_York|1|540|1020"));
        Assert.That((await TestData.GetPageAsync(influencerClient, $"/departments/{Id(department)}")).QuerySelector("#answering")!.TextContent, Does.Contain("innerhalb von 2,5 Arbeitsstunden"));
    }

    [TestCase("0")]
    [TestCase("-4")]
    [TestCase("501")]
    [TestCase("vier")]
    [TestCase("1e3")]
    [TestCase("")]
    public async Task A_target_out_of_range_is_refused_at_the_field(string hours)
    {
        var (department, _, _) = await AskerAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);

        var response = await TestData.PostFormAsync(admin, $"/departments/{Id(department)}/response-target", $"/departments/{Id(department)}/response-target", new() { ["hours"] = hours });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("#hours")!.GetAttribute("aria-invalid"), Is.EqualTo("true"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM response_targets WHERE department_id = @department", new { department }), Is.Zero);
    }

    private Task<long> AcceptedAsync(long id) => TestData.ScalarAsync<long>(App, "SELECT accepted_comment_id FROM questions WHERE post_id = @id", new { id });

    private Task<long> HelpfulCountAsync(long commentId) => TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM answer_votes WHERE comment_id = @commentId", new { commentId });

    private static async Task<long[]> OrderAsync(HttpClient client, long id) =>
        (await TestData.GetPageAsync(client, $"/posts/{Id(id)}")).QuerySelectorAll("[data-thread] > article.comment")
            .Select(a => long.Parse(a.GetAttribute("data-comment-id")!, CultureInfo.InvariantCulture)).ToArray();
}
