namespace Intranet.Blog.Infrastructure.Web;

public enum NavSection { Feed, Following, Articles, Microposts, Guides, Questions, Ideas, Departments, People, Analytics, Admin }

/// Where a request sits in the app's navigation: which entries of the side bar (and the admin's tabs) mark the page
/// as current, and the address a form sends the person back to. Read from the request here, so the layout only shows.
/// Searched: on the results page, its search text, which the top bar's box keeps showing. Here: the page with its query
/// (a filtered feed, a later page), where a reaction posted without script returns to.
public sealed record Navigation(string Path, string? Kind, bool Following, string? Searched = null, string Here = "/")
{
    public static Navigation Of(HttpRequest request) => new(
        request.Path.Value ?? "/",
        request.Query["kind"].FirstOrDefault(),
        string.Equals(request.Query["following"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
        request.Path == "/search" ? request.Query["q"].FirstOrDefault() : null,
        (request.Path.Value ?? "/") + request.QueryString.Value);

    /// "page" for the entry of the current section, for aria-current; null for the others.
    public string? Current(NavSection section) => section switch
    {
        NavSection.Feed => Path == "/" && Kind is null && !Following,
        NavSection.Following => Path == "/" && Following,
        NavSection.Articles => Path == "/" && Kind == "article",
        NavSection.Microposts => Path == "/" && Kind == "micro",
        NavSection.Guides => Under("/guides"),
        NavSection.Questions => Under("/questions"),
        NavSection.Ideas => Under("/ideas"),
        NavSection.Analytics => Under("/analytics"),
        NavSection.Departments => Under("/departments"),
        NavSection.People => Under("/people"),
        NavSection.Admin => Under("/admin"),
        _ => false,
    } ? "page" : null;

    /// "page" for a tab whose pages all start with prefix.
    public string? CurrentUnder(string prefix) => Under(prefix) ? "page" : null;

    private bool Under(string prefix) => Path.StartsWith(prefix, StringComparison.Ordinal);
}
