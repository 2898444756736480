using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Search;

[Route("search")]
public sealed class SearchController(SearchService search) : Controller
{
    /// The results page: a plain GET form, so it works without script; any input ends in results or "nothing found".
    [HttpGet("")]
    public async Task<IActionResult> Index(SearchInput input, CancellationToken ct) => View("Index", await search.SearchAsync(input, ct));

    /// Suggestions as someone types in the top bar (search.js): people, topics, departments, then posts, as JSON.
    [HttpGet("suggest")]
    public async Task<IActionResult> Suggest(string? q, CancellationToken ct) => Json(await search.SuggestAsync(q, ct));
}
