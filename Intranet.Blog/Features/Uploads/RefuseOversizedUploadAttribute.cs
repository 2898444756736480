using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Uploads;

/// A body over Intranet:Limits:MaxRequestBytes fails while the antiforgery check reads the form, which would show
/// as a bare "bad request". An upload that announces such a size gets the 413 page naming the image limit instead,
/// before anything reads the body.
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefuseOversizedUploadAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    // Before AutoValidateAntiforgeryTokenAttribute (order 1000), which is what reads the form.
    public int Order => 0;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRequestBytes;
        if (context.HttpContext.Request.ContentLength > limit)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }
    }
}
