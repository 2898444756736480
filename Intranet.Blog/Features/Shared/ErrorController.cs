using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Shared;

/// KeptText: in read-only mode, what the person sent without script (title and text), so nothing they typed is lost.
public sealed record ErrorView(string Title, string Message, string? CorrelationId, IReadOnlyList<string>? KeptText = null);

// The status pages re-execute the failed request with its method: without IgnoreAntiforgeryToken the global
// antiforgery filter turns the 401/403/404 of every POST into a 400, and a POST refused for its token (or an
// unreadable form) would be refused again here with an empty page.
[AllowAnonymous, IgnoreAntiforgeryToken, ApiExplorerSettings(IgnoreApi = true)]
public sealed partial class ErrorController(IStringLocalizer<SharedResource> t, ReadOnlyMode readOnly, ILogger<ErrorController> logger) : Controller
{
    [Route("/error/{status:int?}")]
    public IActionResult Index()
    {
        // Read, not bound: binding first builds every value provider, and the unreadable form behind many 400s
        // fails them all, which would lose the status and turn the 400 into a 500. After an exception the handler
        // has already chosen the status (500, or e.g. 413 for an oversized body).
        var code = int.TryParse(RouteData.Values["status"] as string, CultureInfo.InvariantCulture, out var status) ? status
            : Response.StatusCode >= 400 ? Response.StatusCode : 500;
        var (title, message) = code switch
        {
            404 => (t["Not found"], t["This page does not exist, or it was deleted."]),
            403 => (t["Not allowed"], t["You are not allowed to do that."]),
            400 => (t["Bad request"], t["The request could not be processed. Please check your input."]),
            // Kestrel's own body limit (a chunked body without a length, which Limits.UseBodyLimit cannot see coming).
            413 when IsUpload() => (t["Too large"], t["The file is too large: images may be at most 2 MB."]),
            413 => (t["Too large"], t["The request is too large. Please send less at once."]),
            429 => (t["Too many requests"], t["Please wait a moment and try again."]),
            503 when StorageFault() is { } fault => (t[ReadOnlyText.Title], t[ReadOnlyText.For(fault)]),
            503 => (t["Service unavailable"], t["The app cannot take this right now. Please try again in a moment."]),
            _ => (t["Something went wrong"], t["The error was logged. Please try again."]),
        };
        var correlation = code >= 500 && StorageFault() is null ? Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier : null;
        if (correlation is not null)
        {
            // The page shows the reference; this line ties it to the exception logged just before. Path only: the
            // query string, the body and the cookies may hold what someone typed.
            var failed = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
                ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? Request.Path.Value;
            Failed(logger, Request.Method, failed, code, correlation);
        }

        Response.StatusCode = code;
        if (Request.WantsJson())
        {
            // The page's script shows the message where the person is and keeps what they typed.
            return Problem(detail: message, statusCode: code, title: title);
        }

        return View("Error", new ErrorView(title, message, correlation, code == 503 ? KeptText() : null));
    }

    private StorageFault? StorageFault() =>
        HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is { } error ? readOnly.Classify(error) : null;

    /// The form as model binding already read it (never read again here: see above).
    private List<string>? KeptText() =>
        HttpContext.Features.Get<IFormFeature>()?.Form is { } form
            ? new[] { "title", "body" }.Select(k => form[k].ToString()).Where(v => !string.IsNullOrWhiteSpace(v)).ToList()
            : null;

    private bool IsUpload() =>
        (HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath) is { } path
        && Limits.IsUpload(path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}; reference for support: {Reference}")]
    private static partial void Failed(ILogger logger, string method, string? path, int status, string reference);
}
