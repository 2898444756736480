using Bogus;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Ideas;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Profiles;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.DemoData;

/// How much to seed. The demo is small enough to read; the benchmark uses the same code at scale.
public sealed record DemoScale(int People, int Posts, int Comments, int Reactions, int ReadsPerPost)
{
    public static readonly DemoScale Demo = new(150, 300, 900, 2_000, 30);
}

/// Seeds a believable German organisation with Bogus (fixed seed): a five-level hierarchy under a managing
/// director, posts of both kinds over the last 60 days, conversations that cross levels, reactions and reads.
/// It writes through the stores, in batches inside transactions; FirstStart decides when (never over a company's data).
public sealed class DemoSeeder(
    Infrastructure.Db.Database db, PeopleAdminStore users, Enrolment enrolment, HandleStore handleStore, ProfileStore profiles,
    DepartmentStore departments, InfluencerStore influencers, PostStore posts, PinStore pins, CommentStore comments,
    ReactionStore reactions, ReachStore reach, MarkdownRenderer markdown,
    FollowStore follows, NotificationStore notificationSettings, NotificationService notifications,
    TimeProvider clock, TopicStore topics, MentionStore mentions, IdeaStore ideas)
{
    public const string Password = "demo";
    public const string AdminEmail = "admin@demo.example";

    /// How many how-to guides the demo has (DemoTexts.Guides).
    public static int GuideCount => DemoTexts.Guides.Count;
    private const int BatchSize = 2_000;

    public static readonly string[] DepartmentNames =
    [
        "Geschäftsführung", "Vertrieb", "Marketing", "Personal", "Finanzen", "IT", "Einkauf", "Produktion",
        "Logistik", "Qualitätsmanagement", "Forschung & Entwicklung", "Kundenservice",
    ];

    /// The tree (index of the parent in DepartmentNames): everything under the management, and teams under the
    /// department they belong to, so the demo shows division, department and team.
    private static readonly int?[] DepartmentParents = [null, 0, 0, 0, 0, 0, 4, 0, 7, 7, 0, 1];

    /// progress receives (step, done, total) after each batch.
    public async Task SeedAsync(DemoScale scale, Action<string, int, int>? progress, CancellationToken ct = default)
    {
        var faker = new Faker("de") { Random = new Randomizer(20261122) };
        var now = clock.GetUtcNow();
        var hash = Passwords.Hash(Password);

        var (people, departmentIds) = await SeedPeopleAsync(faker, scale.People, hash, ct);
        progress?.Invoke("people", people.Count, people.Count);
        await SeedProfilesAsync(people, ct);
        await SeedGuidesAsync(departmentIds, ct);
        var handles = await handleStore.AllAsync(ct);
        var byHandle = handles.ToDictionary(h => h.Value, h => h.Key);

        var postIds = new List<SeededPost>(scale.Posts);
        await InBatchesAsync("posts", scale.Posts, progress, async (scope, i) =>
        {
            var author = faker.PickRandom(people);
            // Evenly over 60 days, each a little after its slot but before the next one's: ids follow time, none is in the future.
            var slot = TimeSpan.FromDays(60) / scale.Posts;
            var at = now - slot * (scale.Posts - i) + slot * faker.Random.Double(0, 0.8);
            var article = faker.Random.Bool(0.3f);
            var department = faker.Random.Bool(0.5f) ? author.DepartmentId : null;
            var text = article ? DemoTexts.Article(faker) : DemoTexts.Micro(faker);
            var body = DemoTexts.WithTopicsAndMentions(faker, text.Body, handles[faker.PickRandom(people).Id], mentionChance: 0.15f);
            // The same steps as a real write: parse, resolve mentions, render once, store topics and mentions with the post.
            var draft = markdown.Parse(body, article ? MarkdownProfile.Full : MarkdownProfile.Inline);
            var rendered = markdown.Render(draft, byHandle, _ => true);
            var post = new NewPost(author.Id, article ? PostKinds.Article : PostKinds.Micro, article ? text.Title : null,
                body, rendered.Html, MarkdownRenderer.Excerpt(rendered.PlainText, PostLimits.Excerpt), department);
            var id = await posts.InsertAsync(scope.Connection, scope.Transaction, post, at);
            await topics.ReplaceAsync(scope.Connection, scope.Transaction, id, draft.Topics);
            await mentions.ReplaceAsync(scope.Connection, scope.Transaction, id, null, Mentioned(draft, byHandle), at);
            postIds.Add(new SeededPost(id, author.Id, at, article));
        }, ct);

        // Planned first, inserted in time order: ids then follow time like real ones, a reply is never older than the
        // comment it answers, nor a comment older than its post, and nothing is dated after the seeding.
        var plans = PlanComments(faker, scale.Comments, postIds, now);
        var commentIds = new List<(long Id, long PostId)>(plans.Count);
        var inserted = new long[plans.Count];
        await InBatchesAsync("comments", plans.Count, progress, async (scope, i) =>
        {
            var plan = plans[i];
            var author = faker.PickRandom(people);
            var body = DemoTexts.WithMention(faker, DemoTexts.Comment(faker), handles[plan.Post.AuthorId], chance: 0.2f);
            var draft = markdown.Parse(body, MarkdownProfile.Full);
            long? parent = plan.Parent is { } p ? inserted[p] : null;
            var id = await comments.InsertAsync(scope.Connection, scope.Transaction,
                new NewComment(plan.Post.Id, parent, author.Id, body, markdown.Render(draft, byHandle, _ => false).Html), plan.At);
            await mentions.ReplaceAsync(scope.Connection, scope.Transaction, plan.Post.Id, id, Mentioned(draft, byHandle), plan.At);
            await posts.AdjustCommentCountAsync(scope.Connection, scope.Transaction, plan.Post.Id, 1);
            inserted[i] = id;
            commentIds.Add((id, plan.Post.Id));
        }, ct);

        await InBatchesAsync("reactions", scale.Reactions, progress, async (scope, i) =>
        {
            var (postId, commentId) = commentIds.Count > 0 && faker.Random.Bool(0.3f)
                ? faker.PickRandom(commentIds) is var c ? (c.PostId, (long?)c.Id) : default
                : (faker.PickRandom(postIds).Id, (long?)null);
            var kind = faker.Random.WeightedRandom(ReactionKinds.All.Select(k => k.Kind).ToArray(), [0.45f, 0.15f, 0.15f, 0.1f, 0.08f, 0.07f]);
            await reactions.SetAsync(scope.Connection, scope.Transaction, postId, commentId, faker.PickRandom(people).Id, kind, on: true);
        }, ct);

        // Seen (the card was shown) by many; opened by some of them: most who saw an article's teaser, a few who read a
        // micropost whole in the feed and came for the conversation.
        await InBatchesAsync("reach", postIds.Count, progress, async (scope, i) =>
        {
            var post = postIds[i];
            var openChance = post.Article ? 0.6f : 0.15f;
            foreach (var reader in Sample(faker, people, faker.Random.Int(scale.ReadsPerPost / 3, scale.ReadsPerPost)).Where(r => r.Id != post.AuthorId))
            {
                if (await reach.RecordSeenAsync(scope.Connection, scope.Transaction, post.Id, reader.Id))
                {
                    await posts.AdjustSeenCountAsync(scope.Connection, scope.Transaction, post.Id, 1);
                }

                if (faker.Random.Bool(openChance) && await reach.RecordOpenedAsync(scope.Connection, scope.Transaction, post.Id, reader.Id))
                {
                    await posts.AdjustOpenedCountAsync(scope.Connection, scope.Transaction, post.Id, 1);
                }
            }
        }, ct);

        // Everyone follows their department already (the insert path); on top, a few colleagues each.
        await InBatchesAsync("follows", people.Count, progress, async (scope, i) =>
        {
            foreach (var other in Sample(faker, people, 3).Where(o => o.Id != people[i].Id))
            {
                await follows.FollowAsync(scope.Connection, scope.Transaction, people[i].Id, FollowKinds.Person, other.Id);
            }
        }, ct);

        await SeedAdminNotificationsAsync(faker, people, postIds, ct);
        await PinNewsAsync(postIds, ct);
        await SeedIdeaRoundAsync(faker, people, postIds.Select(p => p.At).DefaultIfEmpty(clock.GetUtcNow().AddDays(-1)).Max(), ct);
    }

    /// A few how-to guides per department, written by its influencers and pinned there (one overdue for review). They
    /// come first and are older than every other post: the feed lists by id, so ids follow time.
    private async Task SeedGuidesAsync(List<long> departmentIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var scope = await db.BeginWriteAsync(ct);
        var written = now - TimeSpan.FromDays(70);
        foreach (var (departmentName, title, body, reviewInDays) in DemoTexts.Guides)
        {
            var department = departmentIds[Array.IndexOf(DepartmentNames, departmentName)];
            var author = (await influencers.OfDepartmentAsync(scope.Connection, department, ct, scope.Transaction))[0].Id;
            var draft = markdown.Parse(body, MarkdownProfile.Guide);
            var rendered = markdown.Render(draft, new Dictionary<string, long>(), _ => true);
            written += TimeSpan.FromHours(5);
            var id = await posts.InsertAsync(scope.Connection, scope.Transaction, new NewPost(author, PostKinds.Guide, title, body, rendered.Html,
                MarkdownRenderer.Excerpt(rendered.PlainText, PostLimits.Excerpt), department, author, now.AddDays(reviewInDays)), written);
            await topics.ReplaceAsync(scope.Connection, scope.Transaction, id, draft.Topics);
            await pins.AddAsync(scope.Connection, scope.Transaction, department, id, null, author);
        }

        await scope.CommitAsync(ct);
    }

    /// The management's newest article pinned to the top of the company feed.
    private async Task PinNewsAsync(List<SeededPost> postIds, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var ceo = await users.FindIdByEmailAsync("ceo@demo.example", ct);
        // The managing director's newest post, or the newest of all when she wrote none in the demo's sixty days.
        var news = (postIds.Where(p => p.AuthorId == ceo).MaxBy(p => p.At) ?? postIds.MaxBy(p => p.At))?.Id ?? 0;
        if (ceo is { } executive && news != 0)
        {
            await pins.AddAsync(scope.Connection, scope.Transaction, null, news, null, executive);
        }

        await scope.CommitAsync(ct);
    }

    /// The managing director's idea round, open for another nine days, with ideas from colleagues and their support.
    /// The newest post of the demo, so it greets everyone at the top of the feed.
    private async Task SeedIdeaRoundAsync(Faker faker, List<Seeded> people, DateTimeOffset latest, CancellationToken ct)
    {
        if (await users.FindIdByEmailAsync("ceo@demo.example", ct) is not { } ceo)
        {
            return;
        }

        // Two hours old, or just after the newest post if that is younger: ids follow time in the demo.
        var now = clock.GetUtcNow();
        var opened = latest > now.AddHours(-2) ? latest.AddSeconds(1) : now.AddHours(-2);
        await using var scope = await db.BeginWriteAsync(ct);
        var rendered = markdown.Render(markdown.Parse(DemoTexts.IdeaAbout, MarkdownProfile.Full), new Dictionary<string, long>(), _ => true);
        var roundId = await posts.InsertAsync(scope.Connection, scope.Transaction, new NewPost(ceo, PostKinds.Article, DemoTexts.IdeaQuestion, DemoTexts.IdeaAbout,
            rendered.Html, MarkdownRenderer.Excerpt(rendered.PlainText, PostLimits.Excerpt), null), opened);
        await ideas.InsertRoundAsync(scope, roundId, now.AddDays(9), NotificationSettings.DefaultTimeZone, []);
        var authors = Sample(faker, people.Where(p => p.Id != ceo).ToList(), DemoTexts.Ideas.Count).ToList();
        var ideaIds = new List<long>();
        for (var i = 0; i < DemoTexts.Ideas.Count; i++)
        {
            var (title, body) = DemoTexts.Ideas[i];
            ideaIds.Add(await ideas.InsertIdeaAsync(scope, roundId, authors[i].Id, title, body, opened + (now - opened) * (i + 1) / (DemoTexts.Ideas.Count + 1)));
        }

        // Support leans towards the first ideas, as it does when a round has run for a while.
        foreach (var person in Sample(faker, people, 60))
        {
            foreach (var index in Enumerable.Range(0, faker.Random.Int(1, 3)).Select(_ => (int)Math.Floor(Math.Pow(faker.Random.Double(), 1.6) * ideaIds.Count)).Distinct())
            {
                if (authors[index].Id != person.Id)
                {
                    await ideas.SetSupportAsync(scope, ideaIds[index], person.Id, on: true);
                }
            }
        }

        await scope.CommitAsync(ct);
    }

    /// The demo admin finds a few notifications waiting, made the way the app makes them: follows of the authors
    /// of the newest posts, those posts announced to their followers, and reactions to the admin's own newest post.
    private async Task SeedAdminNotificationsAsync(Faker faker, List<Seeded> people, List<SeededPost> postIds, CancellationToken ct)
    {
        if (await users.FindIdByEmailAsync(AdminEmail, ct) is not { } admin)
        {
            return;
        }

        // The administrator is on call: notifications show at any hour, so the demo has them whenever it starts.
        await notificationSettings.SaveSettingsAsync(admin, NotificationSettings.Default with { WorkDays = 127, WorkStart = 0, WorkEnd = 24 * 60 }, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        var newest = postIds.Where(p => p.AuthorId != admin).OrderByDescending(p => p.At).Take(3).ToList();
        foreach (var post in newest)
        {
            await follows.FollowAsync(scope.Connection, scope.Transaction, admin, FollowKinds.Person, post.AuthorId);
        }

        foreach (var post in newest)
        {
            var row = await posts.GetAsync(scope.Connection, post.Id, withSource: false, ct, scope.Transaction);
            await notifications.PostedAsync(scope.Connection, scope.Transaction, post.AuthorId, post.Id, row?.DepartmentId);
        }

        var own = postIds.Where(p => p.AuthorId == admin).OrderByDescending(p => p.At).FirstOrDefault();
        if (own is not null)
        {
            foreach (var reactor in Sample(faker, people, 4).Where(p => p.Id != admin))
            {
                if (await reactions.SetAsync(scope.Connection, scope.Transaction, own.Id, null, reactor.Id, "like", on: true))
                {
                    await notifications.ReactedAsync(scope.Connection, scope.Transaction, reactor.Id, own.Id, null, admin);
                }
            }
        }

        await scope.CommitAsync(ct);
    }

    private sealed record Seeded(long Id, long? DepartmentId);

    private sealed record SeededPost(long Id, long AuthorId, DateTimeOffset At, bool Article);

    /// Parent is the index of the planned comment a reply answers.
    private sealed record CommentPlan(SeededPost Post, int? Parent, DateTimeOffset At);

    /// Comments within two days of their post and replies within a day of their comment, never later than now; about
    /// a third answer an earlier top-level comment of the same post (one level of replies). Sorted by time, parents first.
    private static List<CommentPlan> PlanComments(Faker faker, int count, List<SeededPost> postIds, DateTimeOffset now)
    {
        static DateTimeOffset After(Faker faker, DateTimeOffset start, TimeSpan within, DateTimeOffset now)
        {
            var room = Math.Min(within.TotalMinutes, (now - start).TotalMinutes);
            return room <= 1 ? now : start + TimeSpan.FromMinutes(faker.Random.Double(Math.Min(5, room / 2), room));
        }

        var plans = new List<CommentPlan>(count);
        var topLevel = new Dictionary<long, List<int>>();
        for (var i = 0; i < count; i++)
        {
            var post = faker.PickRandom(postIds);
            if (topLevel.TryGetValue(post.Id, out var thread) && faker.Random.Bool(0.35f))
            {
                var parent = faker.PickRandom(thread);
                plans.Add(new CommentPlan(post, parent, After(faker, plans[parent].At, TimeSpan.FromHours(24), now)));
                continue;
            }

            plans.Add(new CommentPlan(post, null, After(faker, post.At, TimeSpan.FromHours(48), now)));
            (topLevel.TryGetValue(post.Id, out var list) ? list : topLevel[post.Id] = []).Add(i);
        }

        // Sort by time and point each reply at its parent's new position (a parent is never later than its reply).
        var order = Enumerable.Range(0, plans.Count).OrderBy(i => plans[i].At).ThenBy(i => i).ToList();
        var position = new int[plans.Count];
        for (var p = 0; p < order.Count; p++)
        {
            position[order[p]] = p;
        }

        return order.Select(i => plans[i] with { Parent = plans[i].Parent is { } parent ? position[parent] : null }).ToList();
    }

    private static List<long> Mentioned(MarkdownDraft draft, Dictionary<string, long> byHandle) =>
        draft.Mentions.Where(byHandle.ContainsKey).Select(h => byHandle[h]).Distinct().ToList();

    /// Managing director → division heads → department heads → team leads → staff, five levels.
    private async Task<(List<Seeded> People, List<long> DepartmentIds)> SeedPeopleAsync(Faker faker, int count, string hash, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var departmentIds = new List<long>();
        for (var d = 0; d < DepartmentNames.Length; d++)
        {
            var parent = DepartmentParents[d] is { } p ? departmentIds[p] : (long?)null;
            var id = await departments.InsertAsync(scope.Connection, scope.Transaction, DepartmentNames[d], parent);
            await departments.SetDescriptionAsync(scope.Connection, scope.Transaction, id, DemoTexts.DepartmentDescription(DepartmentNames[d]),
                markdown.Render(DemoTexts.DepartmentDescription(DepartmentNames[d]), MarkdownProfile.Full).Html);
            departmentIds.Add(id);
        }

        var people = new List<Seeded>();
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        async Task<long> Add(string? email, string name, string title, long? departmentId, long? managerId, string role)
        {
            email ??= UniqueEmail(faker, name, emails);
            emails.Add(email);
            var id = await enrolment.AddAsync(scope.Connection, scope.Transaction, new PersonFields(email, name, title, departmentId, managerId, role), hash);
            people.Add(new Seeded(id, departmentId));
            return id;
        }

        var board = departmentIds[0];
        var ceo = await Add("ceo@demo.example", "Dr. Katharina Berger", "Geschäftsführerin", board, null, Roles.Executive);
        string[] divisions = ["Kaufmännische Leitung", "Technische Leitung", "Leitung Markt & Kunden"];
        var divisionHeads = new List<long>();
        foreach (var division in divisions)
        {
            divisionHeads.Add(await Add(null, Name(faker), division, board, ceo, Roles.Executive));
        }

        // The management's own influencer keeps the company-wide guides.
        await influencers.AppointAsync(scope.Connection, scope.Transaction, board, divisionHeads[0], ceo);

        var teamLeads = new List<(long Id, long DepartmentId)>();
        for (var d = 1; d < departmentIds.Count; d++)
        {
            var head = await Add(null, Name(faker), $"Leitung {DepartmentNames[d]}", departmentIds[d], divisionHeads[(d - 1) % divisionHeads.Count], Roles.Staff);
            var leads = d % 3 == 0 ? 1 : 2;
            for (var l = 0; l < leads; l++)
            {
                var email = (d, l) == (3, 0) ? "influencer@demo.example" : null;
                var lead = await Add(email, email is null ? Name(faker) : "Jana Hoffmann", "Teamleitung", departmentIds[d], head, Roles.Staff);
                teamLeads.Add((lead, departmentIds[d]));
                // One or two influencers per department: its first team lead, and the second where there is one.
                await influencers.AppointAsync(scope.Connection, scope.Transaction, departmentIds[d], lead, head);
            }
        }

        var admin = teamLeads.First(t => t.DepartmentId == departmentIds[5]);
        await Add(AdminEmail, "Tobias Krüger", "Systemadministrator", departmentIds[5], admin.Id, Roles.Admin);
        await Add("staff@demo.example", "Lena Schmidt", "Sachbearbeiterin", teamLeads[0].DepartmentId, teamLeads[0].Id, Roles.Staff);
        string[] jobs = ["Sachbearbeitung", "Referentin", "Referent", "Spezialist", "Fachkraft", "Projektmanagerin", "Projektmanager", "Werkstudentin", "Assistenz", "Analyst"];
        while (people.Count < count)
        {
            var lead = faker.PickRandom(teamLeads);
            await Add(null, Name(faker), faker.PickRandom(jobs), lead.DepartmentId, lead.Id, Roles.Staff);
        }

        await users.RecomputeLevelsAsync(scope.Connection, scope.Transaction);
        await scope.CommitAsync(ct);
        return (people, departmentIds);
    }

    private async Task InBatchesAsync(string step, int total, Action<string, int, int>? progress, Func<WriteScope, int, Task> write, CancellationToken ct)
    {
        progress?.Invoke(step, 0, total);
        for (var start = 0; start < total; start += BatchSize)
        {
            await using var scope = await db.BeginWriteAsync(ct);
            for (var i = start; i < Math.Min(total, start + BatchSize); i++)
            {
                await write(scope, i);
            }

            await scope.CommitAsync(ct);
            progress?.Invoke(step, Math.Min(total, start + BatchSize), total);
        }
    }

    /// Distinct random picks without shuffling the whole list: at benchmark scale that would dominate seeding.
    private static IEnumerable<T> Sample<T>(Faker faker, List<T> items, int count)
    {
        var picked = new HashSet<int>();
        var target = Math.Min(count, items.Count);
        while (picked.Count < target)
        {
            var index = faker.Random.Int(0, items.Count - 1);
            if (picked.Add(index))
            {
                yield return items[index];
            }
        }
    }

    private static string Name(Faker faker) => $"{faker.Name.FirstName()} {faker.Name.LastName()}";

    private static string UniqueEmail(Faker faker, string name, HashSet<string> taken)
    {
        var local = new string(name.ToLowerInvariant().Replace(' ', '.').Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss")
            .Where(c => c is (>= 'a' and <= 'z') or '.' or '-').ToArray()).Trim('.');
        var email = $"{local}@demo.example";
        for (var n = 2; taken.Contains(email); n++)
        {
            email = $"{local}{n}@demo.example";
        }

        return email;
    }

    private static readonly string[] Focus =
    [
        "Prozessoptimierung", "Kundenprojekte", "Datenanalyse", "Ausbildung unserer Azubis", "Lieferantenmanagement",
        "interne Kommunikation", "Arbeitssicherheit", "Digitalisierung", "Nachhaltigkeit", "Qualitätssicherung",
        "Vertragsmanagement", "Onboarding neuer Kolleginnen und Kollegen", "Controlling", "Produktentwicklung",
    ];

    private static readonly string[] Hobbies =
    [
        "fahre ich Rennrad", "koche ich gern für Freunde", "bin ich im Chor", "wandere ich im Sauerland", "spiele ich Handball",
        "backe ich Sauerteigbrot", "lese ich Krimis", "gärtnere ich auf dem Balkon", "trainiere ich eine Jugendmannschaft",
        "fotografiere ich", "spiele ich Gitarre", "bin ich bei der freiwilligen Feuerwehr",
    ];

    private static readonly string[] Sites = ["Hauptsitz", "Werk Nord", "Niederlassung Süd", "Homeoffice", "Logistikzentrum"];

    /// Bios, phone numbers and locations on a Faker of their own, so the rest of the demo stays as it was.
    private async Task SeedProfilesAsync(List<Seeded> people, CancellationToken ct)
    {
        var faker = new Faker("de") { Random = new Randomizer(20261202) };
        await using var scope = await db.BeginWriteAsync(ct);
        foreach (var person in people)
        {
            var since = faker.Random.Int(2005, 2025);
            var bio = faker.Random.Bool(0.8f)
                ? $"Seit {since} im Unternehmen. Mein Schwerpunkt: {faker.PickRandom(Focus)} und {faker.PickRandom(Focus)}.\nIn meiner Freizeit {faker.PickRandom(Hobbies)}."
                : "";
            var phone = $"+49 {faker.Random.Int(201, 9999)} {faker.Random.Int(100000, 9999999)}-{faker.Random.Int(10, 999)}";
            var location = $"{faker.PickRandom(Sites)}, {faker.Address.City()}, Raum {faker.Random.Int(1, 5)}.{faker.Random.Int(1, 40):00}";
            await profiles.SetProfileAsync(scope.Connection, scope.Transaction, person.Id, new ProfileFields(bio, phone, location, null, true));
        }

        await scope.CommitAsync(ct);
    }
}
