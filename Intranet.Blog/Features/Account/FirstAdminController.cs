using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Account;

/// The page behind the start-up banner's one-time link. The GET only shows the form; the POST uses the link up.
[AllowAnonymous, Route("account/first-admin")]
public sealed class FirstAdminController(FirstAdminService service, AccountStore accounts) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(string? token, CancellationToken ct)
    {
        var usable = await service.IsUsableAsync(token, ct);
        return View("~/Features/Account/FirstAdmin.cshtml", new FirstAdminView(new FirstAdminInput { Token = token }, usable)).WithStatus(usable ? 200 : 404);
    }

    [HttpPost("")]
    public async Task<IActionResult> Create(FirstAdminInput input, CancellationToken ct)
    {
        var (errors, id) = await service.CreateAsync(input, ct);
        if (id is null)
        {
            errors.CopyTo(ModelState);
            return View("~/Features/Account/FirstAdmin.cshtml", new FirstAdminView(input with { Password = null }, !errors.All.ContainsKey("Token"))).WithStatus(400);
        }

        var account = (await accounts.FindForSignInAsync(input.Email!.Trim(), ct))!;
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            SignInService.Principal(account.Id, account.DisplayName, account.Role, account.Locale, account.SecurityStamp));
        return Redirect("/admin/people");
    }
}
