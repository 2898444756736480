using System.ComponentModel.DataAnnotations;
using Intranet.Blog.Features.Guidelines;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Account;

public sealed record SignInInput
{
    [Required(ErrorMessage = "Please enter your e-mail address."), StringLength(254, ErrorMessage = "The e-mail address is too long.")]
    public string Email { get; init; } = "";

    [Required(ErrorMessage = "Please enter your password."), StringLength(Passwords.MaxLength, ErrorMessage = "The password is too long.")]
    public string Password { get; init; } = "";

    public string? ReturnUrl { get; init; }
}

/// SecureUrl: the sign-in page over HTTPS, in case the server answers there too.
public sealed record HttpsExpectedView(string SecureUrl);

public sealed record LanguageInput([RegularExpression("^(de|en)$")] string Locale, string? ReturnUrl);

[Route("account")]
public sealed class AccountController(SignInService signIn, AccountStore accounts, GuidelineStore guidelines, IStringLocalizer<SharedResource> t,
    TimeProvider clock, IOptionsMonitor<CookieAuthenticationOptions> cookies) : Controller
{
    [AllowAnonymous, HttpGet("signin")]
    public IActionResult SignIn(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturn(returnUrl));
        }

        RememberChosenLanguage();
        return View(new SignInInput { ReturnUrl = returnUrl });
    }

    /// The page's language links (?culture=) hold for the requests that follow too (the form's answer, a reset link's
    /// page), until someone signs in and their own choice takes over. Only a language the app has: the localisation
    /// middleware has already refused any other.
    private void RememberChosenLanguage()
    {
        if (HttpContext.Features.Get<IRequestCultureFeature>() is { Provider: QueryStringRequestCultureProvider } chosen)
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(chosen.RequestCulture),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        }
    }

    [AllowAnonymous, HttpPost("signin")]
    public async Task<IActionResult> SignIn(SignInInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input with { Password = "" }).WithStatus(400);
        }

        var result = await signIn.SignInAsync(input.Email, input.Password, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (result.Outcome != SignInOutcome.Success)
        {
            ModelState.AddModelError("", result.Outcome switch
            {
                SignInOutcome.LockedOut => t["Too many failed attempts. The account is locked for 15 minutes."],
                SignInOutcome.Unavailable => t["The company directory that checks your password cannot be reached right now. Please try again in a few minutes."],
                _ => t["E-mail address or password is wrong."],
            });
            return View(input with { Password = "" }).WithStatus(result.Outcome switch
            {
                SignInOutcome.LockedOut => 429,
                SignInOutcome.Unavailable => 503,
                _ => 400,
            });
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!);
        return LocalRedirect(await SignInTarget.ForAsync(guidelines, result.Principal!.Id(), SafeReturn(input.ReturnUrl), ct));
    }

    /// Plain HTTP where the app expects HTTPS: HttpsExpected sends the sign-in page and every form here, and this page
    /// explains instead of failing. The same address over HTTPS has nothing to explain.
    [AllowAnonymous, IgnoreAntiforgeryToken, Route("https-expected")]
    public IActionResult HttpsExpected() =>
        Request.IsHttps ? NotFound() : View(new HttpsExpectedView($"https://{Request.Host}/account/signin")).WithStatus(HttpMethods.IsGet(Request.Method) ? 200 : 400);

    [HttpPost("signout")]
    public async Task<IActionResult> SignOutPost(CancellationToken ct)
    {
        if (User.SessionId() is { Length: > 0 } session)
        {
            await accounts.EndSessionAsync(User.Id(), session, clock.GetUtcNow(), cookies.Get(CookieAuthenticationDefaults.AuthenticationScheme).ExpireTimeSpan, ct);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToAction(nameof(SignIn));
    }

    /// The language is stored on the profile and carried in the cookie, so the cookie is re-issued with it.
    [HttpPost("language")]
    public async Task<IActionResult> Language(LanguageInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        await accounts.SetLocaleAsync(User.Id(), input.Locale, ct);
        var identity = (System.Security.Claims.ClaimsIdentity)User.Identity!;
        identity.RemoveClaim(identity.FindFirst(CurrentUser.LocaleClaim));
        identity.AddClaim(new System.Security.Claims.Claim(CurrentUser.LocaleClaim, input.Locale));
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, User);
        return LocalRedirect(SafeReturn(input.ReturnUrl));
    }

    private string SafeReturn(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl! : "/";
}
