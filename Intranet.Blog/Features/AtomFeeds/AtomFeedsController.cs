using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.AtomFeeds;

/// A person's feed addresses, each with their token, for the list on the settings page.
public sealed record FeedLink(string Name, string Url);

public sealed record FeedsView(IReadOnlyList<FeedLink> Links, bool Renewed);

/// Atom feeds for feed readers and mail or chat connectors (Outlook, Teams): intranet content is never public, so
/// every feed address carries its person's token, and a feed shows what that person may see.
public sealed class AtomFeedsController(FeedTokens tokens, AtomFeedQuery query, FeedSubscriptions subscriptions, IOptions<IntranetOptions> options, TimeProvider clock) : Controller
{
    [AllowAnonymous, HttpGet("atom/company.atom")]
    public Task<IActionResult> Company(string? token, CancellationToken ct) => FeedAsync("company", null, null, token, ct);

    [AllowAnonymous, HttpGet("atom/departments/{id:long}.atom")]
    public Task<IActionResult> Department(long id, string? token, CancellationToken ct) => FeedAsync("department", id, null, token, ct);

    [AllowAnonymous, HttpGet("atom/people/{id:long}.atom")]
    public Task<IActionResult> Person(long id, string? token, CancellationToken ct) => FeedAsync("person", id, null, token, ct);

    [AllowAnonymous, HttpGet("atom/topics/{key}.atom")]
    public Task<IActionResult> Topic(string key, string? token, CancellationToken ct) => FeedAsync("topic", null, key, token, ct);

    [HttpGet("feeds")]
    public async Task<IActionResult> Index(bool renewed, CancellationToken ct) =>
        View("~/Features/AtomFeeds/Index.cshtml", new FeedsView(await subscriptions.LinksAsync(User.Id(), Origin, ct), renewed));

    [HttpPost("feeds/renew")]
    public async Task<IActionResult> Renew(CancellationToken ct)
    {
        await tokens.RenewAsync(User.Id(), ct);
        return Redirect("/feeds?renewed=true");
    }

    /// Where this request reached the app (behind a proxy, as forwarded), for absolute addresses.
    private string Origin => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";

    /// An unknown, renewed or deactivated person's token and a scope that does not exist answer alike: not found.
    private async Task<IActionResult> FeedAsync(string kind, long? id, string? key, string? token, CancellationToken ct)
    {
        if (await tokens.PersonAsync(token, ct) is null || await query.ScopeAsync(kind, id, key, options.Value.OrganisationName, ct) is not { } scope)
        {
            return NotFound();
        }

        var baseUri = new Uri(Origin + "/");
        var self = Request.Path + "?token=" + Uri.EscapeDataString(token!);
        var xml = AtomWriter.Write(scope, await query.EntriesAsync(scope, ct), baseUri, self, options.Value.OrganisationName, clock.GetUtcNow());
        // The address is a credential: no shared cache keeps what it returned.
        Response.Headers.CacheControl = "private, no-store";
        return Content(xml, "application/atom+xml; charset=utf-8");
    }
}
