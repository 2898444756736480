using System.ComponentModel.DataAnnotations;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Account;

public sealed record ForgotPasswordInput
{
    [Required(ErrorMessage = "Please enter your e-mail address."), StringLength(254, ErrorMessage = "The e-mail address is too long.")]
    public string? Email { get; init; }
}

/// Enabled: whether this server sends mail (otherwise the page says whom to ask); Sent: the form was sent.
public sealed record ForgotPasswordView(bool Enabled, bool Sent, string Email);

/// Choosing a password through an invitation or reset link, and changing one's own. The link's GET only shows the
/// form with a button; its POST uses the link up.
[Route("account")]
public sealed class PasswordController(PasswordService passwords, AccountStore accounts, PasswordResetRequests resets, IStringLocalizer<SharedResource> t) : Controller
{
    [AllowAnonymous, HttpGet("forgot")]
    public IActionResult Forgot() => View("~/Features/Account/ForgotPassword.cshtml", new ForgotPasswordView(resets.Enabled, false, ""));

    /// The same answer for every well-formed address, before anything is looked up (PasswordResetRequests).
    [AllowAnonymous, HttpPost("forgot")]
    public async Task<IActionResult> Forgot(ForgotPasswordInput input)
    {
        if (!ModelState.IsValid)
        {
            return View("~/Features/Account/ForgotPassword.cshtml", new ForgotPasswordView(resets.Enabled, false, input.Email ?? "")).WithStatus(400);
        }

        if (!await resets.RequestAsync(input.Email!, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            ModelState.AddModelError("", t["Too many requests from your network. Please try again in 15 minutes."]);
            return View("~/Features/Account/ForgotPassword.cshtml", new ForgotPasswordView(resets.Enabled, false, input.Email!)).WithStatus(429);
        }

        return View("~/Features/Account/ForgotPassword.cshtml", new ForgotPasswordView(resets.Enabled, true, ""));
    }

    [AllowAnonymous, HttpGet("set-password")]
    public async Task<IActionResult> Choose(string? token, CancellationToken ct)
    {
        var name = await passwords.LinkOwnerAsync(token, ct);
        return View("~/Features/Account/SetPassword.cshtml", new SetPasswordView(token, name)).WithStatus(name is null ? 404 : 200);
    }

    [AllowAnonymous, HttpPost("set-password")]
    public async Task<IActionResult> Choose(SetPasswordInput input, CancellationToken ct)
    {
        var (errors, email) = await passwords.SetAsync(input, ct);
        if (email is null)
        {
            errors.CopyTo(ModelState);
            var name = errors.All.ContainsKey("Token") ? null : await passwords.LinkOwnerAsync(input.Token, ct);
            return View("~/Features/Account/SetPassword.cshtml", new SetPasswordView(input.Token, name)).WithStatus(400);
        }

        await SignInAsync((await accounts.FindForSignInAsync(email, ct))!);
        return Redirect("/");
    }

    [HttpGet("password")]
    public IActionResult Change(bool changed) => View("~/Features/Account/ChangePassword.cshtml", new ChangePasswordView(changed));

    [HttpPost("password")]
    public async Task<IActionResult> Change(ChangePasswordInput input, CancellationToken ct)
    {
        var errors = await passwords.ChangeAsync(User.Id(), input, ct);
        if (errors.Any)
        {
            errors.CopyTo(ModelState);
            return View("~/Features/Account/ChangePassword.cshtml", new ChangePasswordView(false)).WithStatus(400);
        }

        // The new security stamp ended every session, this one too: it goes on with a cookie that carries the new stamp.
        await SignInAsync((await accounts.FindForSignInAsync(User.Id(), ct))!);
        return Redirect("/account/password?changed=true");
    }

    private Task SignInAsync(SignInRecord account) =>
        HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            SignInService.Principal(account.Id, account.DisplayName, account.Role, account.Locale, account.SecurityStamp));
}
