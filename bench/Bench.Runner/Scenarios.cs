using System.Globalization;

namespace Bench.Runner;

/// Data a scenario needs that the seeded database does not hold.
public static class Scenarios
{
    /// Q1V's 2,500 different two-word searches (words of the seeded posts), and the same in small letters: the same
    /// searches under other texts, so none of the first set is kept for the second.
    public static (string[] Paths, string[] Fresh) Searches()
    {
        string[] words = ["Sommerfest", "Anmeldung", "Quartalsziel", "Serverraum", "Klimaanlage", "Laptops", "Kundenfeedback", "Umzug",
            "Halle", "Ticketsystem", "Kantine", "Betriebsausflug", "Inventur", "Baustelle", "Schulung", "Datenschutz", "Handbuch",
            "Unterstützung", "Erfahrungen", "Nachhaltigkeit", "Homeoffice", "Digitalisierung", "Weiterbildung", "Betriebsrat",
            "Arbeitssicherheit", "Übergabe", "Drucker", "Portal", "Vertretung", "Führungskraft", "Belege", "Angebot", "Zahlungsziel",
            "Vorbereitung", "Urlaub", "Treiber", "Sprechstunde", "Spesen", "Resturlaub", "Reisekosten", "Rabatt", "Passwort",
            "Lieferzeit", "Krankmeldung", "Kalender", "Genehmigung", "Freigabe", "Abwesenheit", "Antrag", "Anliegen"];
        var lower = words.Select(w => w.ToLowerInvariant()).ToArray();
        return (Pairs(words), Pairs(lower));

        static string[] Pairs(string[] w) => w.SelectMany(a => w.Select(b => "/search?q=" + Uri.EscapeDataString($"{a} {b}"))).ToArray();
    }

    /// A wrk script that asks the paths in turn (wrk itself asks one address).
    public static async Task<string> WrkScriptAsync(string name, IReadOnlyList<string> paths)
    {
        var script = Path.Combine(Paths.Work, name);
        await File.WriteAllTextAsync(script, "local paths = {" + string.Join(",", paths.Select(path => $"\"{path}\"")) + "}\nlocal i = 0\n"
            + "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n");
        return script;
    }

    /// The post page scenario needs a post with a full conversation: comments with a reaction each, made over HTTP.
    public static async Task<long> BusyPostAsync(Uri address, Session session, int comments)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        using var create = session.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "article", ["title"] = "Benchmark-Artikel", ["body"] = "## Worum es geht\n\nEin Artikel mit **vielen** Kommentaren." });
        using var created = await http.SendAsync(create);
        var postId = long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        for (var i = 0; i < comments; i++)
        {
            using var comment = session.Request(HttpMethod.Post, $"/posts/{postId}/comments", new() { ["body"] = $"Kommentar Nummer {i} mit etwas _Markdown_." });
            using var response = await http.SendAsync(comment);
            var commentId = long.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[1], CultureInfo.InvariantCulture);
            using var react = session.Request(HttpMethod.Post, $"/posts/{postId}/comments/{commentId}/reactions", new() { ["kind"] = "like" });
            (await http.SendAsync(react)).Dispose();
        }

        return postId;
    }
}
