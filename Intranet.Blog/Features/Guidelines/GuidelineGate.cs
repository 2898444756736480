using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Guidelines;

/// Refuses the actions marked [NeedsGuidelines] while the signed-in person has not accepted the current guidelines:
/// a page is sent to the guidelines (and back afterwards), a script gets 403 with the reason. Reading, and
/// acknowledging must-reads, stay open. With no guidelines published there is no gate.
public sealed class GuidelineGate(GuidelineStore store, IStringLocalizer<SharedResource> t) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (context.ActionDescriptor.EndpointMetadata.OfType<NeedsGuidelinesAttribute>().Any()
            && http.User.Identity?.IsAuthenticated == true
            && await store.PendingAsync(http.User.Id(), http.RequestAborted))
        {
            context.Result = http.Request.WantsJson()
                ? new ObjectResult(new ProblemDetails { Status = 403, Title = t["Please accept the guidelines first."] }) { StatusCode = 403 }
                : new RedirectResult("/guidelines?returnUrl=" + Uri.EscapeDataString(ReturnUrl(http.Request)));
            return;
        }

        await next();
    }

    // Back to the page the person was on: the page itself for a GET, the page the form was on for a POST.
    private static string ReturnUrl(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return request.Path + request.QueryString;
        }

        return Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.Host == request.Host.Host
            ? referer.PathAndQuery
            : "/";
    }
}
