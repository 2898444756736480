using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Intranet.Blog.Infrastructure.Web;

/// A value the model binder could not convert (letters in a department id) would reach the action as null and
/// quietly mean "none" — a post meant for one department would go to everyone. Such a request is refused instead.
/// The binder reports a conversion failure through the model-binding message provider; UseMessages gives those
/// failures Message, so the filter knows them from a form's own validation messages (the sign-in form's, say,
/// which re-renders with its errors) without reading the framework's wording.
public sealed class UnreadableValueFilter : IActionFilter
{
    public const string Message = "A value could not be read.";

    public static void UseMessages(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => Message);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => Message);
        messages.SetUnknownValueIsInvalidAccessor(_ => Message);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Message);
    }

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ModelState.Values.Any(entry => entry.Errors.Any(e => e.ErrorMessage == Message)))
        {
            context.Result = new BadRequestResult();
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
