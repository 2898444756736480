using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Intranet.Blog.Features.CompanySignIn;

/// The handler's events, resolved per request. TicketReceived comes after the framework has checked everything it
/// checks (state, PKCE redemption, issuer, audience, signature, lifetime, nonce), so nothing here runs for a token
/// it refused; only then is the person looked up, linked or created, and the session becomes the app's own cookie.
public sealed class CompanySignInEvents(CompanySignInService people, ILogger<CompanySignInEvents> logger) : OpenIdConnectEvents
{
    public override async Task TicketReceived(TicketReceivedContext context)
    {
        var result = await people.ResolveAsync(context.Principal!, context.HttpContext.RequestAborted);
        if (result.Principal is null)
        {
            Refuse(context, result.Refusal);
            return;
        }

        context.Principal = result.Principal;
        // A fresh set: nothing of the exchange with the provider rides along in the app's cookie. ReturnUri is
        // the continue address the challenge set.
        context.Properties = new AuthenticationProperties();
    }

    /// In the code flow the framework accepts an id_token without a signature (the spec lets the token endpoint's TLS
    /// vouch for it); a signed one it checks against the provider's keys. Every real provider signs, so an unsigned
    /// token is refused: nothing in between then decides who signs in.
    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (string.IsNullOrEmpty(context.SecurityToken?.RawSignature))
        {
            context.Fail("The provider's id_token is not signed.");
        }

        return Task.CompletedTask;
    }

    public override Task AccessDenied(AccessDeniedContext context)
    {
        logger.LogInformation("Company sign-in: the provider answered access_denied.");
        Refuse(context, CompanySignInRefusal.Denied);
        return Task.CompletedTask;
    }

    /// A refused token, a forged or expired state, an unreachable provider: the reason goes to the log (the framework
    /// hides token contents in its messages), the person gets the failure page, never an exception page.
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        // The message can carry the provider's error_description, which anyone can put in a callback address: one
        // line, printable, and short, so it cannot forge entries of its own in the log.
        var reason = new string((context.Failure?.Message ?? "").Select(c => char.IsControl(c) ? ' ' : c).Take(300).ToArray());
        logger.LogWarning("Company sign-in failed: {Reason}", reason);
        Refuse(context, CompanySignInRefusal.Failed);
        return Task.CompletedTask;
    }

    private static void Refuse<TOptions>(HandleRequestContext<TOptions> context, CompanySignInRefusal refusal) where TOptions : AuthenticationSchemeOptions
    {
        context.Response.Redirect(CompanySignInController.FailedPath(refusal));
        context.HandleResponse();
    }
}
