using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Search;

[Route("search")]
public sealed class SearchController(SearchService search) : Controller
{
    /// The results page: a plain GET form, so it works without script; any input ends in results or "nothing found".
    /// A page number that is none is the first page; a department id that is none names no department, so nothing
    /// matches (as for an id that does not exist).
    [HttpGet(""), ReadsAnyValue]
    public async Task<IActionResult> Index(SearchInput input, CancellationToken ct)
    {
        if (Unreadable(nameof(SearchInput.Page)))
        {
            input = input with { Page = 1 };
        }

        if (Unreadable(nameof(SearchInput.Department)))
        {
            input = input with { Department = SearchInput.NoDepartment };
        }

        return View("Index", await search.SearchAsync(input, ct));
    }

    private bool Unreadable(string property) =>
        ModelState.Any(entry => entry.Value is { Errors.Count: > 0 } && (entry.Key == property || entry.Key.EndsWith("." + property, StringComparison.Ordinal)));

    /// Suggestions as someone types in the top bar (search.js): people, topics, departments, then posts, as JSON.
    [HttpGet("suggest")]
    public async Task<IActionResult> Suggest(string? q, CancellationToken ct) => Json(await search.SuggestAsync(q, ct));
}
