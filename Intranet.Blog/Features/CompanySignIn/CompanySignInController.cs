using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.Guidelines;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanySignIn;

/// Refusal: why; AdminContact: whom to ask (empty: an administrator).
public sealed record CompanySignInFailedView(CompanySignInRefusal Refusal, string? AdminContact);

[Route("account/company")]
public sealed class CompanySignInController(IOptions<OidcOptions> oidc, GuidelineStore guidelines, ILogger<CompanySignInController> logger) : Controller
{
    // A return address longer than this would make the state, and the provider's address, too long for its server.
    private const int MaxReturnUrl = 2000;

    /// A POST with the antiforgery token, not a link: another site cannot start a sign-in in someone's browser.
    [AllowAnonymous, HttpPost("")]
    public async Task<IActionResult> Start(string? returnUrl)
    {
        if (!oidc.Value.Enabled)
        {
            return NotFound();
        }

        // The challenge reads the provider's discovery document first: a provider that is down or answers garbage
        // is a page that says so (and that passwords still work), not the generic error page.
        try
        {
            await HttpContext.ChallengeAsync(CompanySignInSetup.Scheme,
                new AuthenticationProperties { RedirectUri = "/account/company/continue?returnUrl=" + Uri.EscapeDataString(SafeReturn(returnUrl)) });
            return new EmptyResult();
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning("Company sign-in could not start: the identity provider's configuration could not be read ({Message}).", e.Message);
            return Redirect(FailedPath(CompanySignInRefusal.Unavailable));
        }
    }

    /// Where the handler sends a person once the app's cookie is set: the same next step as the password sign-in.
    [HttpGet("continue")]
    public async Task<IActionResult> Continue(string? returnUrl, CancellationToken ct) =>
        LocalRedirect(await SignInTarget.ForAsync(guidelines, User.Id(), SafeReturn(returnUrl), ct));

    [AllowAnonymous, HttpGet("failed")]
    public IActionResult Failed(string? reason)
    {
        if (!oidc.Value.Enabled)
        {
            return NotFound();
        }

        var refusal = Refusal(reason);
        return View(new CompanySignInFailedView(refusal, oidc.Value.AdminContact))
            .WithStatus(refusal switch
            {
                CompanySignInRefusal.Failed => StatusCodes.Status400BadRequest,
                CompanySignInRefusal.Unavailable => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status403Forbidden,
            });
    }

    public static string FailedPath(CompanySignInRefusal refusal) => "/account/company/failed?reason=" + refusal.ToString().ToLowerInvariant();

    // Only the four names: anything else someone puts in the address reads as a plain failure.
    private static CompanySignInRefusal Refusal(string? reason) => reason switch
    {
        "denied" => CompanySignInRefusal.Denied,
        "unknown" => CompanySignInRefusal.Unknown,
        "inactive" => CompanySignInRefusal.Inactive,
        "unavailable" => CompanySignInRefusal.Unavailable,
        _ => CompanySignInRefusal.Failed,
    };

    private string SafeReturn(string? returnUrl) => returnUrl is { Length: <= MaxReturnUrl } && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
