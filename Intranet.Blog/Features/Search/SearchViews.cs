using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Search;

namespace Intranet.Blog.Features.Search;

/// The results page's form: the search text with its operators, and the same filters as controls (which win).
public sealed record SearchInput
{
    public string? Q { get; init; }
    public string? Kind { get; init; }
    public long? Department { get; init; }
    public string? From { get; init; }
    public string? Topic { get; init; }
    public string? Since { get; init; }
    public string? Until { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;

    /// The department id of a department control that could not be read: no department has it.
    public const long NoDepartment = -1;
}

public static class SearchSorts
{
    public const string Relevance = "relevance";
    public const string Newest = "newest";
}

/// The kinds art: names, German and English; the form sends the first of each.
public static class SearchKinds
{
    public const string Article = PostKinds.Article;
    public const string Micro = PostKinds.Micro;
    public const string Guide = PostKinds.Guide;
    public const string Comment = "comment";
    public const string Person = "person";

    /// Shown on a result only: an announcement is an article to the filters (art:artikel finds it).
    public const string Announcement = "announcement";

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["article"] = Article, ["artikel"] = Article,
        ["micro"] = Micro, ["kurz"] = Micro, ["kurzpost"] = Micro, ["mikro"] = Micro, ["micropost"] = Micro,
        ["guide"] = Guide, ["anleitung"] = Guide,
        ["comment"] = Comment, ["kommentar"] = Comment,
        ["person"] = Person, ["people"] = Person, ["personen"] = Person,
    };

    public static string? Parse(string? name) => name is not null && Names.TryGetValue(name.Trim(), out var kind) ? kind : null;
}

/// One post or comment found. Title is its post's title (empty for a micropost), marked where it matched.
public sealed record SearchResultView(
    long PostId, long? CommentId, string Kind, string Url, IReadOnlyList<TextSegment> Title, IReadOnlyList<TextSegment> Excerpt, PersonCard Author,
    string? DepartmentName, DateTimeOffset CreatedAt, string? PostTitle);

/// Searched: there were words to look for (otherwise the page shows only the form and the notes).
public sealed record SearchView(
    SearchInput Input, IReadOnlyList<SearchResultView> Results, IReadOnlyList<PersonCard> People, IReadOnlyList<TopicHit> Topics,
    IReadOnlyList<DepartmentHit> Departments, IReadOnlyList<Department> AllDepartments, IReadOnlyList<string> Notes,
    string? PreviousUrl, string? NextUrl, bool Searched)
{
    public bool NothingFound => Searched && Results.Count == 0 && People.Count == 0 && Topics.Count == 0 && Departments.Count == 0;
}

/// One suggestion of the top bar's list: where choosing it leads, its words (Label) and a quieter line (Meta).
public sealed record Suggestion(string Label, string? Meta, string Url);

/// The suggestions by group, in the order shown; a group without suggestions is left out.
public sealed record SuggestionGroup(string Name, IReadOnlyList<Suggestion> Items);
