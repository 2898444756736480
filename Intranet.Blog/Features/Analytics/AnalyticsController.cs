using System.Text;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Analytics;

public sealed record DashboardPage(DashboardView View, IReadOnlyList<Chart> Charts, string? Error, string? Kind, string? At, string? From, string? To);

/// The dashboard for executives and admins (the whole company) and for influencers and heads (their departments).
[Route("analytics")]
public sealed class AnalyticsController(DashboardQuery dashboard, TimeProvider clock, IOptions<IntranetOptions> options, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? period, string? at, string? from, string? to, CancellationToken ct)
    {
        if (await dashboard.ScopeAsync(User.AsViewer(), ct) is not { } scope)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var (chosen, error) = DashboardPeriod.Parse(period, at, from, to, clock.GetUtcNow(), Zone);
        var view = await dashboard.GetAsync(scope, chosen, ct);
        var page = new DashboardPage(view, DashboardCharts.Of(view, t), error is null ? null : t[error].Value, period, at, from, to);
        return View("Dashboard", page).WithStatus(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// One chart's table as CSV (UTF-8 with a byte order mark, so spreadsheets read umlauts).
    [HttpGet("csv")]
    public async Task<IActionResult> Csv(string? chart, string? period, string? at, string? from, string? to, CancellationToken ct)
    {
        if (await dashboard.ScopeAsync(User.AsViewer(), ct) is not { } scope)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var (chosen, error) = DashboardPeriod.Parse(period, at, from, to, clock.GetUtcNow(), Zone);
        if (error is not null)
        {
            return BadRequest(t[error].Value);
        }

        var view = await dashboard.GetAsync(scope, chosen, ct);
        if (DashboardCharts.Of(view, t).FirstOrDefault(c => c.Id == chart) is not { } found)
        {
            return NotFound();
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(found.Csv())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"{found.Id}-{chosen.StartKey}.csv");
    }

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
}
