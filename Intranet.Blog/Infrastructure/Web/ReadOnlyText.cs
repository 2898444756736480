using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Infrastructure.Web;

/// What people are told in read-only mode: the banner, the refusal of a post or comment, and the live notice all
/// say the same sentence (a localization key; the operator's detail goes to the log and /readyz, not to them).
public static class ReadOnlyText
{
    public const string Title = "Writing is not possible right now";

    public static string For(StorageFault fault) => fault switch
    {
        StorageFault.DiskFull => "Writing is not possible right now: the server is out of storage space. What you typed stays in the form.",
        StorageFault.ReadOnly => "Writing is not possible right now: the server's storage is read-only. What you typed stays in the form.",
        StorageFault.Failing => "Writing is not possible right now: the server's storage reports errors. What you typed stays in the form.",
        StorageFault.Moved => "Writing is not possible right now: the database file was removed from the server. What you typed stays in the form.",
        _ => "Writing is not possible right now: the database is damaged. What you typed stays in the form.",
    };

    /// A failure of this kind: the request answers 503 with the sentence above and the app goes into read-only mode.
    public static WebApplication UseReadOnlyMode(this WebApplication app)
    {
        var readOnly = app.Services.GetRequiredService<ReadOnlyMode>();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (readOnly.Note(ex))
            {
                throw;
            }
        });
        return app;
    }
}
