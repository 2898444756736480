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
        if (context.ActionDescriptor.EndpointMetadata.OfType<ReadsAnyValueAttribute>().Any())
        {
            return;
        }

        if (context.ModelState.Values.Any(entry => entry.Errors.Any(e => e.ErrorMessage == Message)))
        {
            context.Result = new BadRequestResult();
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}

/// An action that promises an answer to any input (the search page: results or "nothing found") and reads what the
/// binder could not convert itself, from ModelState; UnreadableValueFilter leaves it alone.
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadsAnyValueAttribute : Attribute;
