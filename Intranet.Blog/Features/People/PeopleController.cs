using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.People;

[Route("people")]
public sealed class PeopleController(DirectoryQuery people) : Controller
{
    /// The script asks for the results alone (partial=1) while someone types; the page itself works without it.
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, long? department, string? afterName, long afterId, bool partial, CancellationToken ct)
    {
        var view = await people.DirectoryAsync(q, department, afterName, afterId, ct);
        return partial ? PartialView("_DirectoryResults", view) : View("Directory", view);
    }

    [HttpGet("orgchart")]
    public async Task<IActionResult> OrgChart(CancellationToken ct) => View("OrgChart", await people.OrgChartAsync(ct));
}
