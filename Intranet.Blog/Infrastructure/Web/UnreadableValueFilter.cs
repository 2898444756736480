using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Intranet.Blog.Infrastructure.Web;

/// A value the model binder could not convert (letters in a department id) would reach the action as null and
/// quietly mean "none" — a post meant for one department would go to everyone. Such a request is refused instead.
/// Binder conversion errors are the ones that quote the value sent; the sign-in form's own validation messages
/// do not, so that form still re-renders with its errors.
public sealed class UnreadableValueFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var entry in context.ModelState.Values)
        {
            if (entry.RawValue is not null && entry.AttemptedValue is { Length: > 0 } sent
                && entry.Errors.Any(e => e.ErrorMessage.Contains($"'{sent}'", StringComparison.Ordinal)))
            {
                context.Result = new BadRequestResult();
                return;
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
