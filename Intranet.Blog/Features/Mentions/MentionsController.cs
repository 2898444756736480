using Intranet.Blog.Features.People;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Mentions;

public sealed class MentionsController(PeopleStore people, HandleStore handles) : Controller
{
    public const int MaxSuggestions = 8;
    public const int MaxQueryLength = 60;

    /// The composer's @ autocomplete: active people with a handle, through the one people search (name, title,
    /// department, handle; every word may be the start of one), best matches first, as JSON (signed-in only, like every page).
    [HttpGet("/people/suggest")]
    public async Task<IActionResult> Suggest(string? q, CancellationToken ct)
    {
        var text = (q ?? "").Trim().TrimStart('@');
        var found = text.Length is 0 or > MaxQueryLength ? null : await people.SearchAsync(new PeopleSearch(text, MaxSuggestions * 2) { ByRelevance = true }, ct);
        if (found is not { Count: > 0 })
        {
            return Json(Array.Empty<MentionSuggestion>());
        }

        var handleOf = await handles.HandlesOfAsync([.. found.Select(p => p.Id)], ct);
        return Json(found.Where(p => handleOf.ContainsKey(p.Id)).Take(MaxSuggestions).Select(p => new MentionSuggestion
        {
            Id = p.Id, Name = p.DisplayName, Handle = handleOf[p.Id], Title = p.Title, Department = p.DepartmentName,
        }));
    }
}
