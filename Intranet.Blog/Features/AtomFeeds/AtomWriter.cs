using System.Globalization;
using System.Text;
using System.Xml;

namespace Intranet.Blog.Features.AtomFeeds;

/// Atom 1.0 (RFC 4287). Every text goes through XmlWriter, which escapes it; a post's body is the HTML the app
/// rendered and sanitized for its own pages, carried as escaped text (type="html"), with xml:base so that its
/// relative links resolve. Characters XML 1.0 cannot carry at all are dropped rather than failing the feed.
public static class AtomWriter
{
    public static string Write(FeedScope scope, IReadOnlyList<FeedEntry> entries, Uri baseUri, string selfPath, string organisation, DateTimeOffset now)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(new StringWriter(text, CultureInfo.InvariantCulture), new XmlWriterSettings { Indent = true, CheckCharacters = false, Encoding = Encoding.UTF8 }))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", ns);
            xml.WriteAttributeString("xml", "base", null, baseUri.ToString());
            xml.WriteElementString("id", ns, Tag(baseUri, $"feed:{scope.Kind}:{scope.Id?.ToString(CultureInfo.InvariantCulture) ?? scope.Key ?? "all"}"));
            xml.WriteElementString("title", ns, Clean(scope.Kind == "company" ? scope.Name : $"{scope.Name} · {organisation}"));
            xml.WriteElementString("updated", ns, Stamp(entries.Count > 0 ? entries.Max(e => e.EditedAt ?? e.CreatedAt) : now));
            Link(xml, ns, "self", selfPath, "application/atom+xml");
            Link(xml, ns, "alternate", scope.Kind switch
            {
                "department" => $"/departments/{scope.Id}",
                "person" => $"/people/{scope.Id}",
                "topic" => $"/topics/{Uri.EscapeDataString(scope.Key!)}",
                _ => "/",
            }, "text/html");
            xml.WriteStartElement("generator", ns);
            xml.WriteString("Intranet.Blog");
            xml.WriteEndElement();
            foreach (var entry in entries)
            {
                xml.WriteStartElement("entry", ns);
                xml.WriteElementString("id", ns, Tag(baseUri, $"post:{entry.Id}"));
                xml.WriteElementString("title", ns, Clean(entry.Title is { Length: > 0 } t ? t : entry.Excerpt));
                xml.WriteElementString("published", ns, Stamp(entry.CreatedAt));
                xml.WriteElementString("updated", ns, Stamp(entry.EditedAt ?? entry.CreatedAt));
                xml.WriteStartElement("author", ns);
                xml.WriteElementString("name", ns, Clean(entry.Author));
                xml.WriteElementString("uri", ns, new Uri(baseUri, $"people/{entry.AuthorId}").ToString());
                xml.WriteEndElement();
                if (entry.Department is { } department)
                {
                    xml.WriteStartElement("category", ns);
                    xml.WriteAttributeString("term", Clean(department));
                    xml.WriteEndElement();
                }

                Link(xml, ns, "alternate", $"/posts/{entry.Id}", "text/html");
                xml.WriteStartElement("content", ns);
                xml.WriteAttributeString("type", "html");
                xml.WriteString(Clean(entry.BodyHtml));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        // StringWriter reports UTF-16; the response is UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Link(XmlWriter xml, string ns, string rel, string href, string type)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    // A tag URI (RFC 4151) stays the same when the feed's address changes (a token renewed).
    private static string Tag(Uri baseUri, string specific) => $"tag:{baseUri.Host},2026:{specific}";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// Only the characters XML 1.0 allows.
    public static string Clean(string text) =>
        text.All(XmlConvert.IsXmlChar) && !text.Any(char.IsSurrogate) ? text : Strip(text);

    private static string Strip(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }
}
