using System.Text;
using System.Text.Encodings.Web;

namespace Intranet.Blog.Features.Mail;

/// The text and HTML parts of one mail, written side by side so they say the same. Every piece of text is encoded
/// here; only sentences that arrive as HTML already (a notification's sentence, encoded where it was built) pass
/// as HTML, and their text part is that HTML without its tags.
public sealed partial class MailBody(string language)
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    public MailBody Heading(string text)
    {
        _text.Append(text).Append('\n').Append(new string('=', Math.Min(text.Length, 60))).Append("\n\n");
        _html.Append("<h2 style=\"font-size:1.1em;margin:1.5em 0 .5em\">").Append(E(text)).Append("</h2>\n");
        return this;
    }

    public MailBody Paragraph(string text)
    {
        _text.Append(text).Append("\n\n");
        _html.Append("<p>").Append(E(text)).Append("</p>\n");
        return this;
    }

    /// One item: a line that links into the app, a note under it (author, due date), an excerpt.
    public MailBody Item(string title, Uri link, string? note, string? excerpt) => Item(E(title), title, link, note, excerpt);

    /// An item whose line is HTML built elsewhere with its text encoded (a notification's sentence).
    public MailBody HtmlItem(string html, Uri link, string? note, string? excerpt) => Item(html, PlainText(html), link, note, excerpt);

    private MailBody Item(string html, string text, Uri link, string? note, string? excerpt)
    {
        _text.Append("* ").Append(text).Append('\n');
        if (!string.IsNullOrEmpty(note))
        {
            _text.Append("  ").Append(note).Append('\n');
        }

        if (!string.IsNullOrEmpty(excerpt))
        {
            _text.Append("  ").Append(excerpt).Append('\n');
        }

        _text.Append("  ").Append(link).Append("\n\n");
        _html.Append("<div style=\"margin:0 0 1em\"><a href=\"").Append(E(link.ToString())).Append("\" style=\"font-weight:bold\">").Append(html).Append("</a>");
        if (!string.IsNullOrEmpty(note))
        {
            _html.Append("<br><span style=\"color:#555;font-size:.9em\">").Append(E(note)).Append("</span>");
        }

        if (!string.IsNullOrEmpty(excerpt))
        {
            _html.Append("<br><span>").Append(E(excerpt)).Append("</span>");
        }

        _html.Append("</div>\n");
        return this;
    }

    public MailBody Button(string label, Uri link)
    {
        _text.Append(label).Append(":\n").Append(link).Append("\n\n");
        _html.Append("<p><a href=\"").Append(E(link.ToString())).Append("\" style=\"display:inline-block;padding:.6em 1.2em;background:#1d4f91;color:#fff;text-decoration:none;border-radius:4px\">")
            .Append(E(label)).Append("</a></p>\n");
        return this;
    }

    /// The small print: why the mail came and where to change that.
    public MailBody Footer(string why, string? settingsLabel, Uri? settings, string? unsubscribeLabel, Uri? unsubscribe)
    {
        _text.Append("-- \n").Append(why).Append('\n');
        _html.Append("<hr style=\"border:0;border-top:1px solid #ccc;margin:2em 0 1em\"><p style=\"color:#555;font-size:.85em\">").Append(E(why));
        if (settings is not null)
        {
            _text.Append(settingsLabel).Append(": ").Append(settings).Append('\n');
            _html.Append("<br><a href=\"").Append(E(settings.ToString())).Append("\">").Append(E(settingsLabel!)).Append("</a>");
        }

        if (unsubscribe is not null)
        {
            _text.Append(unsubscribeLabel).Append(": ").Append(unsubscribe).Append('\n');
            _html.Append(" · <a href=\"").Append(E(unsubscribe.ToString())).Append("\">").Append(E(unsubscribeLabel!)).Append("</a>");
        }

        _html.Append("</p>\n");
        return this;
    }

    public string Text => _text.ToString();

    public string Html(string title) =>
        $"<!DOCTYPE html>\n<html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head>\n" +
        "<body style=\"font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em\">\n" +
        _html + "</body></html>\n";

    /// Our own markup removed, then the entities decoded: what remains is the text that was encoded into it.
    public static string PlainText(string html) =>
        System.Net.WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tag();
}
