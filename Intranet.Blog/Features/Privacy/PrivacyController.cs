using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Privacy;

/// What is measured and stored, for everyone (linked from every page's footer).
public sealed class PrivacyController(IOptions<IntranetOptions> options, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/privacy")]
    public IActionResult Show() => View("~/Features/Privacy/Show.cshtml", PrivacyStatement.Build(options.Value, t));
}
