using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Mentions;

public sealed class MentionsController(HandleStore handles) : Controller
{
    public const int MaxSuggestions = 8;
    public const int MaxQueryLength = 60;

    /// The composer's @ autocomplete: active people only, as JSON (signed-in only, like every page).
    [HttpGet("/people/suggest")]
    public async Task<IActionResult> Suggest(string? q, CancellationToken ct)
    {
        var text = (q ?? "").Trim().TrimStart('@');
        return text.Length is 0 or > MaxQueryLength ? Json(Array.Empty<MentionSuggestion>()) : Json(await handles.SuggestAsync(text, MaxSuggestions, ct));
    }
}
