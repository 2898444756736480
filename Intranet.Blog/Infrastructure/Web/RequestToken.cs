using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;

namespace Intranet.Blog.Infrastructure.Web;

/// The antiforgery field for the many small forms of a page (a reaction bar per card). Html.AntiForgeryToken()
/// costs about 70 µs a call; the token is the same for the whole request, so the field is built once.
public static class RequestToken
{
    private static readonly object Key = new();

    /// What a shared fragment holds where the token goes (RenderedFragments); a comment nobody could guess, so no
    /// user text can contain it.
    public static readonly string Marker = $"<!--request-token-{Guid.NewGuid():N}-->";

    /// While a shared fragment renders, its forms get the marker instead of this requester's token.
    public static IDisposable Placeholder(HttpContext context)
    {
        var own = context.Items[Key];
        context.Items[Key] = new HtmlString(Marker);
        return new Restore(() => context.Items[Key] = own);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static IHtmlContent Field(HttpContext context)
    {
        if (context.Items[Key] is IHtmlContent field)
        {
            return field;
        }

        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        // An HtmlString, not a builder: Razor moves a builder's content out when it writes it, so a cached
        // builder would render only once.
        var encode = HtmlText.Encoder;
        field = new HtmlString($"<input name=\"{encode.Encode(tokens.FormFieldName)}\" type=\"hidden\" value=\"{encode.Encode(tokens.RequestToken ?? "")}\">");
        context.Items[Key] = field;
        return field;
    }
}
