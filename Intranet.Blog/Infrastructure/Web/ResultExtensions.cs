using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Infrastructure.Web;

public static class ResultExtensions
{
    /// A form re-shown with its errors answers 400, so scripts and tests see the refusal.
    public static ViewResult WithStatus(this ViewResult view, int status)
    {
        view.StatusCode = status;
        return view;
    }

    public static PartialViewResult WithStatus(this PartialViewResult view, int status)
    {
        view.StatusCode = status;
        return view;
    }
}

public static class RequestExtensions
{
    /// fetch() calls from the page's script ask for JSON; plain form posts get a redirect or a page.
    public static bool WantsJson(this HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
}
