using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Web;

/// Input the parser cannot take is the sender's fault: a 400 with a message, never a 500.
public sealed class BadInputFilter(IStringLocalizer<SharedResource> t) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        LocalizedString? message = context.Exception switch
        {
            MarkdownTooDeepException => t["The text is nested too deeply."],
            InvalidDataException or BadHttpRequestException => t["The request contains invalid characters."],
            _ => null,
        };
        if (message is null)
        {
            return;
        }

        context.Result = new ObjectResult(new ProblemDetails { Status = 400, Title = message.Value }) { StatusCode = 400 };
        context.ExceptionHandled = true;
    }
}
