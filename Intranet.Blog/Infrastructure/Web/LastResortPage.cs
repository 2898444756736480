namespace Intranet.Blog.Infrastructure.Web;

/// The error page is a page of the app: its layout reads the database (navigation, bell). When that fails too, as while
/// PostgreSQL cannot be reached, the exception handler gives up and the browser would get an empty 500; this answers
/// 503 with a sentence in both languages instead, and asks to try again shortly.
public static class LastResortPage
{
    private const string Html = """
        <!DOCTYPE html>
        <html lang="de">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Intranet</title></head>
        <body>
        <h1>Das Intranet ist gerade nicht erreichbar</h1>
        <p>Der Server kommt nicht an seine Daten. Bitte versuche es in einer Minute noch einmal.</p>
        <h1 lang="en">The intranet cannot be reached right now</h1>
        <p lang="en">The server cannot get at its data. Please try again in a minute.</p>
        </body>
        </html>
        """;

    public static IApplicationBuilder UseLastResortPage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Html);
        }
    });
}
