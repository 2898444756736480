using System.Globalization;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Search;

/// Understands a search (the query language and the page's form controls, which win over operators), resolves its
/// filters to people, departments and topics, and reads the index. Any input ends in results or "nothing found".
public sealed class SearchService(
    SearchStore store, PeopleStore people, DepartmentStore departments, HandleStore handles, TopicStore topics,
    SearchIndex search, Database db, IStringLocalizer<SharedResource> t, SearchCache cache)
{
    public const int PageSize = 20;
    public const int MaxPage = 25;
    public const int ExcerptLength = 240;

    /// A search asked again (reloaded, paged back, shared as a link) is answered from SearchCache until the next write.
    public Task<SearchView> SearchAsync(SearchInput input, CancellationToken ct) =>
        cache.Views.GetAsync((CultureInfo.CurrentUICulture.Name, input), c => FindAsync(input, c), ct);

    private async Task<SearchView> FindAsync(SearchInput input, CancellationToken ct)
    {
        var query = SearchQuery.Parse(input.Q);
        var notes = query.Ignored.Select(i => t["“{0}” was not understood and is left out.", i].Value).ToList();
        var allDepartments = await departments.ListAsync(ct);
        var page = Math.Clamp(input.Page, 1, MaxPage);
        var resolved = await ResolveAsync(input, query.Filters, allDepartments, notes, ct);
        if (!query.HasTerms)
        {
            if (!string.IsNullOrWhiteSpace(input.Q))
            {
                notes.Add(t["Type at least one word to search for: punctuation and operators alone find nothing."]);
            }

            return new SearchView(input, [], [], [], [], allDepartments, notes, null, null, Searched: false);
        }

        IReadOnlyList<TextHit> hits = [];
        if (resolved is { } filter && filter.Kind != SearchKinds.Person)
        {
            hits = await store.TextsAsync(search.TextMatch(query)!, filter.Texts, input.Sort == SearchSorts.Newest, (page - 1) * PageSize, PageSize + 1, ct);
        }

        var highlighter = new Highlighter(query);
        var results = hits.Take(PageSize).Select(h => Result(h, highlighter, input.Q!)).ToList();
        var (found, topicHits, departmentHits) = page == 1 && resolved is { } f ? await NamesAsync(query, f, ct) : ([], [], []);
        return new SearchView(
            input, results, found, topicHits, departmentHits, allDepartments, notes,
            page > 1 ? PageUrl(input, page - 1) : null, hits.Count > PageSize && page < MaxPage ? PageUrl(input, page + 1) : null, Searched: true);
    }

    public const int SuggestionsPerGroup = 4;

    /// What the top bar suggests while someone types: the last word counts as the start of one. Visible posts only,
    /// by the same query as the results page but newest first, those with the words in their title before the rest:
    /// as someone types, a short word can be in tens of thousands of posts, and ranking them (FTS5's bm25 counts every
    /// match of every word first) would not come back before the next key; the newest are read from the index and
    /// each query stops at four. Operators are ignored here (the results page applies them).
    public async Task<IReadOnlyList<SuggestionGroup>> SuggestAsync(string? q, CancellationToken ct)
    {
        var query = SearchQuery.ParseTyping(q);
        if (search.NameMatch(query) is not { } names || search.TextMatch(query) is not { } texts)
        {
            return [];
        }

        var text = q!.Length > SearchQueryParser.MaxLength ? q[..SearchQueryParser.MaxLength] : q;
        var found = await people.SearchAsync(new PeopleSearch(text, SuggestionsPerGroup) { ByRelevance = true }, ct) ?? [];
        var topicHits = await store.TopicsAsync(names, SuggestionsPerGroup, ct);
        var departmentHits = await store.DepartmentsAsync(names, SuggestionsPerGroup, ct);
        // Posts with the words in their title first, then any: each newest first, as neither is ranked (above).
        var onlyPosts = new TextFilter { DocKind = SearchIndex.Doc.Post };
        var titled = search.TitleMatch(query) is { } titles ? await store.TextsAsync(titles, onlyPosts, newest: true, 0, SuggestionsPerGroup, ct) : [];
        var posts = titled.Count < SuggestionsPerGroup
            ? titled.Concat(await store.TextsAsync(texts, onlyPosts, newest: true, 0, SuggestionsPerGroup, ct)).DistinctBy(h => h.PostId).Take(SuggestionsPerGroup).ToList()
            : titled;
        var highlighter = new Highlighter(query);
        // The post page reads hl as a finished query: the star keeps the word being typed a start of one there.
        var hl = Uri.EscapeDataString(query.Wanted.Any(t => t.Prefix) ? text.TrimEnd() + "*" : text);
        var groups = new List<SuggestionGroup>
        {
            new(t["People"], found.Select(p => new Suggestion(p.DisplayName, string.Join(" · ", new[] { p.Title, p.DepartmentName }.Where(s => !string.IsNullOrEmpty(s))), $"/people/{p.Id}")).ToList()),
            new(t["Topics"], topicHits.Select(h => new Suggestion("#" + h.Name, null, $"/topics/{Uri.EscapeDataString(h.Key)}")).ToList()),
            new(t["Departments"], departmentHits.Select(d => new Suggestion(d.Name, null, $"/?department={d.Id}")).ToList()),
            new(t["Posts"], posts.Select(h => new Suggestion(
                h.Title is { Length: > 0 } title ? title : string.Concat(highlighter.Excerpt(SearchText.HtmlText(h.BodyHtml), 80).Select(s => s.Text)),
                h.Author.DisplayName, $"/posts/{h.PostId}?hl={hl}")).ToList()),
        };
        return groups.Where(g => g.Items.Count > 0).ToList();
    }

    /// Null when a filter names someone or something that does not exist: then nothing can match (a note says why).
    private async Task<ResolvedFilter?> ResolveAsync(SearchInput input, SearchFilters typed, IReadOnlyList<Department> all, List<string> notes, CancellationToken ct)
    {
        var kind = SearchKinds.Parse(Blank(input.Kind) ?? typed.Kind);
        if (kind is null && (Blank(input.Kind) ?? typed.Kind) is { } unknownKind)
        {
            notes.Add(t["“{0}” is no kind of result; all kinds are searched.", unknownKind]);
        }

        // The form's date fields send a day or nothing; anything else came by hand and is named like a typed seit:.
        foreach (var day in new[] { input.Since, input.Until })
        {
            if (Blank(day) is { } text && SearchQueryParser.ParseDate(text) is null)
            {
                notes.Add(t["“{0}” was not understood and is left out.", text]);
            }
        }

        var texts = new TextFilter
        {
            DocKind = kind == SearchKinds.Comment ? SearchIndex.Doc.Comment : kind is SearchKinds.Article or SearchKinds.Micro or SearchKinds.Guide ? SearchIndex.Doc.Post : null,
            PostKind = kind is SearchKinds.Article or SearchKinds.Micro or SearchKinds.Guide ? kind : null,
            Since = Day(SearchQueryParser.ParseDate(input.Since ?? "") ?? typed.Since) ?? DateTimeOffset.FromUnixTimeMilliseconds(0),
            Until = Day(SearchQueryParser.ParseDate(input.Until ?? "") ?? typed.Until, nextDay: true) ?? DateTimeOffset.MaxValue,
        };

        if ((Blank(input.From) ?? typed.From) is { } from)
        {
            if (await AuthorAsync(from.TrimStart('@'), ct) is not { } authorId)
            {
                notes.Add(t["Nobody is called “{0}”.", from]);
                return null;
            }

            texts = texts with { AuthorId = authorId };
        }

        if (input.Department is { } departmentId)
        {
            if (all.All(d => d.Id != departmentId))
            {
                return null;
            }

            texts = texts with { DepartmentId = departmentId };
        }
        else if (typed.Department is { } name)
        {
            if (Department(all, name) is not { } department)
            {
                notes.Add(t["There is no department “{0}”.", name]);
                return null;
            }

            texts = texts with { DepartmentId = department.Id };
        }

        if ((Blank(input.Topic) ?? typed.Topic) is { } topicKey)
        {
            await using var connection = await db.OpenAsync(ct);
            if (await topics.GetAsync(connection, topicKey.TrimStart('#'), ct) is not { } topic)
            {
                notes.Add(t["There is no topic “{0}”.", topicKey]);
                return null;
            }

            texts = texts with { TopicId = topic.Id };
        }

        return new ResolvedFilter(kind, texts);
    }

    /// People, topics and departments: for a plain search (or art:person); a department filter narrows the people.
    private async Task<(IReadOnlyList<PersonCard>, IReadOnlyList<TopicHit>, IReadOnlyList<DepartmentHit>)> NamesAsync(SearchQuery query, ResolvedFilter filter, CancellationToken ct)
    {
        var texts = filter.Texts;
        if (filter.Kind is not (null or SearchKinds.Person) || texts.AuthorId is not null || texts.TopicId is not null
            || texts.Since != new TextFilter().Since || texts.Until != new TextFilter().Until)
        {
            return ([], [], []);
        }

        var text = string.Join(' ', query.All.Select(g => string.Join(" OR ", g.Select(term => string.Join(' ', term.Words)))));
        var found = await people.SearchAsync(new PeopleSearch(text, filter.Kind == SearchKinds.Person ? PageSize : 5) { ByRelevance = true, DepartmentId = texts.DepartmentId }, ct) ?? [];
        if (filter.Kind == SearchKinds.Person || texts.DepartmentId is not null || search.NameMatch(query) is not { } match)
        {
            return (found, [], []);
        }

        return (found, await store.TopicsAsync(match, 5, ct), await store.DepartmentsAsync(match, 5, ct));
    }

    /// A handle first ("anna.berger"), else the best match by name ("von:Berger").
    private async Task<long?> AuthorAsync(string from, CancellationToken ct)
    {
        var key = Handles.MentionKey(from);
        if ((await handles.IdsByHandleAsync([key], ct)).TryGetValue(key, out var id))
        {
            return id;
        }

        var named = await people.SearchAsync(new PeopleSearch(from, 1) { ByRelevance = true, ActiveOnly = false }, ct);
        return named is [var person] ? person.Id : null;
    }

    /// The department of that name (folded: case, umlauts and accents ignored), else of the same words as the text
    /// search stems them ("Geschaeftsfuehrung" is "Geschäftsführung", as "Mueller" finds "Müller"), else the only one
    /// it starts.
    private static Department? Department(IReadOnlyList<Department> all, string name)
    {
        var wanted = SearchText.Fold(name.Trim());
        var stems = SearchText.Terms(name);
        return all.FirstOrDefault(d => SearchText.Fold(d.Name) == wanted)
            ?? (stems.Length > 0 ? all.FirstOrDefault(d => SearchText.Terms(d.Name) == stems) : null)
            ?? (all.Where(d => SearchText.Fold(d.Name).StartsWith(wanted, StringComparison.Ordinal)).ToList() is [var only] ? only : null);
    }

    private static SearchResultView Result(TextHit hit, Highlighter highlighter, string q)
    {
        var text = SearchText.HtmlText(hit.BodyHtml);
        var url = $"/posts/{hit.PostId}?hl={Uri.EscapeDataString(q)}" + (hit.CommentId is { } c ? $"#comment-{c}" : "");
        var kind = hit.CommentId is not null ? SearchKinds.Comment : hit.Announced ? SearchKinds.Announcement : hit.Kind;
        return new SearchResultView(hit.PostId, hit.CommentId, kind, url, highlighter.Mark(hit.Title), highlighter.Excerpt(text, ExcerptLength), hit.Author, hit.DepartmentName, hit.CreatedAt, hit.Title);
    }

    private static string PageUrl(SearchInput input, int page) =>
        "/search?" + string.Join('&', new (string Name, string? Value)[]
        {
            ("q", input.Q), ("kind", input.Kind), ("department", input.Department?.ToString(CultureInfo.InvariantCulture)), ("from", input.From),
            ("topic", input.Topic), ("since", input.Since), ("until", input.Until), ("sort", input.Sort), ("page", page.ToString(CultureInfo.InvariantCulture)),
        }.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// Dates mean days where the organisation is (the default working-hours zone): "bis:2026-01-31" includes that day.
    private static DateTimeOffset? Day(DateOnly? date, bool nextDay = false)
    {
        if (date is not { } d)
        {
            return null;
        }

        // Days far outside any post's life would overflow the conversion: the nearest day inside it filters the same
        // (since 9999-12-30 finds nothing, until 1900-01-01 nothing, since 0001-01-01 everything).
        d = d < FirstDay ? FirstDay : d > LastDay ? LastDay : d;

        var zone = WorkingHours.Zone(NotificationSettings.DefaultTimeZone);
        var local = (nextDay ? d.AddDays(1) : d).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static readonly DateOnly FirstDay = new(1901, 1, 1);
    private static readonly DateOnly LastDay = new(8999, 12, 31);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record ResolvedFilter(string? Kind, TextFilter Texts);
}

/// Results pages, by language (their notes are words) and input: kept until the next write, a minute at most (recency
/// moves the ranking, "since" may be relative), a thousand per version at most, as the input is anyone's text. Nothing
/// in a results page depends on who asks: what is not visible is never in the index.
public sealed class SearchCache(Database db, TimeProvider clock)
{
    public VersionedCache<(string Culture, SearchInput Input), SearchView> Views { get; } = new(db, clock, TimeSpan.FromMinutes(1), capacity: 1_000);
}
