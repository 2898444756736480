using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// Finds every form a signed-in admin can reach by following the app's own links (so a form added later is covered
/// without editing this test) and fills each of its text fields, one at a time, with hostile inputs from the project
/// corpus. No answer may be a server error; a refusal stores nothing; an accepted value is stored as typed; and no
/// page shown afterwards, nor any live fragment, holds an element, handler or URL that came from the input.
[Category("Corpus")]
public sealed partial class HostileFormTests
{
    private const int PageLimit = 150;
    private const int PagesPerShape = 2;
    private const int SamplesPerField = 14;

    // Forms that end the session or destroy the fixture's own data; their fields are hidden ids, tested elsewhere.
    private static readonly string[] SkippedActions = ["/account/signout", "/account/language", "/delete", "/deactivate", "/reactivate", "/import"];

    // Every field gets these; the rest of the corpus is spread over the fields so that all of it is used.
    private static readonly string[] Always = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "Hello\0<script>"];

    private static readonly string[] SelectSamples = ["abc", "-1", "99999999999", "1 OR 1=1", ""];

    private static readonly HtmlParser Parser = new();

    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory(settings: new Dictionary<string, string> { ["Intranet:Limits:WritesPerMinute"] = "1000000" });
        var admin = await TestData.PersonAsync(_app, Roles.Admin, name: "Korpus Admin");
        _admin = await TestData.SignedInClientAsync(_app, admin);
        // Something of each kind, so the pages that show and edit posts and comments have forms to find.
        var colleague = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var micro = await TestData.MicroAsync(colleague, "Ein Kurzbeitrag für den Formular-Test");
        await TestData.CommentAsync(colleague, micro, "Ein Kommentar");
        var article = await TestData.ArticleAsync(_admin, "Artikel für den Formular-Test", "Text");
        await TestData.CommentAsync(_admin, article, "Mein Kommentar");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Test, CancelAfter(600_000)]
    public async Task Every_text_field_of_every_form_refuses_or_keeps_hostile_input_and_never_makes_it_live(CancellationToken ct)
    {
        var pages = await CrawlAsync(ct);
        var forms = pages.SelectMany(p => p.Value.Forms.Select(f => (Page: p.Key, Form: f)))
            .Where(f => Testable(f.Form))
            .DistinctBy(f => Shape(f.Form))
            .ToList();
        var samples = Samples();
        var problems = new List<string>();
        var fieldsTried = 0;

        foreach (var (page, form) in forms)
        {
            foreach (var field in Fields(form))
            {
                fieldsTried++;
                var inputs = field is IHtmlSelectElement ? SelectSamples : FieldSamples(samples, fieldsTried);
                foreach (var input in inputs)
                {
                    // Each try starts from a fresh copy of the form: tokens and values as the page renders them now.
                    var fresh = await FreshFormAsync(page, form, ct) ?? form;
                    await TryAsync(fresh, Name(field), input, problems, ct);
                }
            }
        }

        // Everything accepted is now stored somewhere: every page again, and every live fragment, must show it as text.
        foreach (var (url, _) in pages)
        {
            using var response = await _admin.GetAsync(url, ct);
            if (IsHtml(response))
            {
                Check(problems, () => SafeHtml.AssertSafe(Parse(response), "after: " + url));
            }
        }

        await CheckLiveFragmentsAsync(problems, ct);
        TestContext.Out.WriteLine($"{pages.Count} pages, {forms.Count} forms, {fieldsTried} fields:\n  " + string.Join("\n  ", forms.Select(f => Shape(f.Form))));

        Assert.That(forms, Has.Count.GreaterThanOrEqualTo(8), "forms found: " + string.Join(", ", forms.Select(f => Shape(f.Form))));
        Assert.That(fieldsTried, Is.GreaterThanOrEqualTo(12), "text fields tried");
        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(40)));
    }

    private async Task TryAsync(IHtmlFormElement form, string field, string input, List<string> problems, CancellationToken ct)
    {
        // A saved choice must be one of the options offered; anything else is refused rather than read as "none".
        // (A filter in a GET form may show an empty list for a choice that matches nothing.)
        var choice = form.Elements.OfType<IHtmlSelectElement>().FirstOrDefault(s => s.Name == field);
        var saves = form.Method.Equals("post", StringComparison.OrdinalIgnoreCase);
        var values = Values(form);
        values[field] = input;
        var action = ActionOf(form);
        var what = $"{form.Method.ToUpperInvariant()} {action} {field}={Printable(input)}";
        var before = await RowCountsAsync(ct);

        using var response = form.Method.Equals("get", StringComparison.OrdinalIgnoreCase)
            ? await _admin.GetAsync(action + "?" + string.Join('&', values.Select(v => Uri.EscapeDataString(v.Key) + "=" + Uri.EscapeDataString(v.Value))), ct)
            : await _admin.PostAsync(action, Body(form, values), ct);

        if ((int)response.StatusCode >= 500)
        {
            problems.Add($"{what}: answered {(int)response.StatusCode}");
            return;
        }

        if (IsHtml(response))
        {
            Check(problems, () => SafeHtml.AssertSafe(Parse(response), what));
        }

        if (saves && choice is not null && (int)response.StatusCode < 400 && input.Length > 0 && choice.Options.All(o => o.Value != input))
        {
            problems.Add($"{what}: a value that is not among the options was accepted ({(int)response.StatusCode})");
        }

        if ((int)response.StatusCode >= 400)
        {
            var after = await RowCountsAsync(ct);
            var changed = before.Where(t => after[t.Key] != t.Value).Select(t => $"{t.Key} {t.Value}->{after[t.Key]}").ToList();
            if (changed.Count > 0)
            {
                problems.Add($"{what}: refused with {(int)response.StatusCode} but stored: {string.Join(", ", changed)}");
            }

            return;
        }

        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther && response.Headers.Location is { IsAbsoluteUri: false } location)
        {
            using var shown = await _admin.GetAsync(location, ct);
            if (IsHtml(shown))
            {
                Check(problems, () => SafeHtml.AssertSafe(Parse(shown), what + " then " + location));
            }
        }

        if (saves && choice is null && !await StoredAsync(input.Trim(), ct))
        {
            problems.Add($"{what}: accepted ({(int)response.StatusCode}) but the value is stored nowhere as typed" + (IsHtml(response) ? Parse(response).QuerySelector("main")?.TextContent[..200] : ""));
        }
    }

    /// Breadth-first over the app's own links, at most two pages of each shape (/posts/1 and /posts/2 are one shape).
    private async Task<Dictionary<string, IHtmlDocument>> CrawlAsync(CancellationToken ct)
    {
        var pages = new Dictionary<string, IHtmlDocument>();
        var shapes = new Dictionary<string, int>();
        var queue = new Queue<string>(["/", "/posts/new"]);
        var seen = new HashSet<string>(queue);
        while (queue.Count > 0 && pages.Count < PageLimit)
        {
            var url = queue.Dequeue();
            using var response = await _admin.GetAsync(url, ct);
            Assert.That((int)response.StatusCode, Is.LessThan(500), url);
            if (!IsHtml(response) || response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var page = Parse(response);
            pages[url] = page;
            foreach (var link in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!.Split('#')[0]))
            {
                if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith("/hubs/", StringComparison.Ordinal)
                    || link.StartsWith("/uploads/", StringComparison.Ordinal) || !seen.Add(link))
                {
                    continue;
                }

                var shape = Digits().Replace(link, "N");
                shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
                if (shapes[shape] <= PagesPerShape)
                {
                    queue.Enqueue(link);
                }
            }
        }

        Assert.That(pages, Has.Count.GreaterThan(10), "pages reached by following links");
        return pages;
    }

    private async Task<IHtmlFormElement?> FreshFormAsync(string page, IHtmlFormElement form, CancellationToken ct)
    {
        using var response = await _admin.GetAsync(page, ct);
        if (!IsHtml(response))
        {
            return null;
        }

        var shape = Shape(form);
        return Parse(response).Forms.FirstOrDefault(f => Shape(f) == shape);
    }

    private async Task CheckLiveFragmentsAsync(List<string> problems, CancellationToken ct)
    {
        var after = 0L;
        for (var more = true; more;)
        {
            using var json = JsonDocument.Parse(await _admin.GetStringAsync($"/live/events?after={after}", ct));
            foreach (var e in json.RootElement.GetProperty("events").EnumerateArray())
            {
                if (e.TryGetProperty("html", out var html) && html.ValueKind == JsonValueKind.Object)
                {
                    foreach (var culture in html.EnumerateObject())
                    {
                        var fragment = Parser.ParseDocument("<!DOCTYPE html><html><body>" + culture.Value.GetString() + "</body></html>");
                        Check(problems, () => SafeHtml.AssertSafe(fragment, $"live event {e.GetProperty("id")} ({culture.Name})"));
                    }
                }
            }

            more = json.RootElement.GetProperty("more").GetBoolean();
            after = json.RootElement.GetProperty("lastId").GetInt64();
        }
    }

    private static bool Testable(IHtmlFormElement form)
    {
        var action = ActionOf(form);
        return action.StartsWith('/') && !SkippedActions.Any(s => action.Contains(s, StringComparison.Ordinal)) && Fields(form).Any();
    }

    /// The fields a person types into or chooses from; hidden fields, passwords and files are someone else's test.
    private static IEnumerable<IElement> Fields(IHtmlFormElement form) =>
        form.Elements.Where(e => e switch
        {
            IHtmlTextAreaElement t => !t.IsDisabled && !string.IsNullOrEmpty(t.Name),
            IHtmlInputElement i => !i.IsDisabled && !string.IsNullOrEmpty(i.Name)
                && i.Type is "text" or "search" or "email" or "tel" or "url" or "number" or "time" or "date",
            IHtmlSelectElement s => !s.IsDisabled && !string.IsNullOrEmpty(s.Name),
            _ => false,
        });

    private static string Name(IElement field) => field.GetAttribute("name")!;

    /// What the browser would send for the form as rendered, without pressing a particular button.
    private static Dictionary<string, string> Values(IHtmlFormElement form)
    {
        var values = new Dictionary<string, string>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked && !string.IsNullOrEmpty(box.Name):
                    values[box.Name!] = box.Value;
                    break;
                case IHtmlInputElement { Type: not ("checkbox" or "radio" or "submit" or "button" or "file" or "image" or "reset") } input when !string.IsNullOrEmpty(input.Name):
                    values[input.Name!] = input.Value;
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values[area.Name!] = area.Value;
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values[select.Name!] = (select.SelectedOptions.FirstOrDefault() ?? select.Options.FirstOrDefault())?.Value ?? "";
                    break;
            }
        }

        // The button a person presses to save: the primary one, else the first; a "preview" button only shows.
        var buttons = form.Elements.OfType<IHtmlButtonElement>().Where(b => b.Type == "submit").ToList();
        var save = buttons.FirstOrDefault(b => b.ClassList.Contains("primary")) ?? buttons.FirstOrDefault(b => b.Name != "preview");
        if (save is { Name: { Length: > 0 } name })
        {
            values.TryAdd(name, save.Value);
        }

        return values;
    }

    private static HttpContent Body(IHtmlFormElement form, Dictionary<string, string> values)
    {
        if (!(form.Enctype ?? "").Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new FormUrlEncodedContent(values);
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in values)
        {
            multipart.Add(new StringContent(value), name);
        }

        return multipart;
    }

    private static string ActionOf(IHtmlFormElement form)
    {
        var action = form.GetAttribute("action");
        return string.IsNullOrEmpty(action) ? "/" : action;
    }

    private static string Shape(IHtmlFormElement form) =>
        $"{form.Method.ToUpperInvariant()} {Digits().Replace(ActionOf(form), "N")} [{string.Join(",", Fields(form).Select(Name).Order())}]";

    /// Corpus inputs of every field, expanded; lines for other transports (raw bytes, JSON, SignalR) are not form text.
    private static List<string> Samples()
    {
        var samples = new List<string>();
        foreach (var text in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Corpus", "bad-inputs.jsonl")).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var json = JsonDocument.Parse(text);
            var input = json.RootElement.GetProperty("input").GetString()!;
            if (input.StartsWith("GEN:", StringComparison.Ordinal) && !GeneratorOnly().IsMatch(input))
            {
                continue;
            }

            samples.Add(SafeHtml.Expand(input));
        }

        return samples.Distinct().Except(Always).ToList();
    }

    private static IEnumerable<string> FieldSamples(List<string> samples, int field) =>
        Always.Concat(Enumerable.Range(0, SamplesPerField - Always.Length).Select(i => samples[(field * (SamplesPerField - Always.Length) + i) % samples.Count]));

    /// Rows per table: a refused write must leave every count as it was.
    private async Task<Dictionary<string, long>> RowCountsAsync(CancellationToken ct)
    {
        await using var connection = await _app.Service<Database>().OpenAsync(ct);
        var tables = await DatabaseReader.TablesAsync(connection);
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
        }

        return counts;
    }

    /// Whether any text column of any table holds the value exactly as typed (trimmed, as every field is).
    private async Task<bool> StoredAsync(string value, CancellationToken ct)
    {
        if (value.Length == 0)
        {
            return true;
        }

        await using var connection = await _app.Service<Database>().OpenAsync(ct);
        // PostgreSQL's text columns include citext, where SQLite's NOCASE columns are TEXT too.
        var columns = await connection.QueryAsync<(string Table, string Column)>(TestEngine.Postgres
            ? """
              SELECT c.table_name, c.column_name
                FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
               WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.udt_name IN ('text', 'citext')
              """
            : """
              SELECT m.name, c.name
                FROM sqlite_master m, pragma_table_info(m.name) c
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.type = 'TEXT'
              """);
        foreach (var (table, column) in columns)
        {
            if (await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE \"{column}\" = @value", new { value }) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void Check(List<string> problems, Action assertion)
    {
        try
        {
            using (Assert.EnterMultipleScope())
            {
                assertion();
            }
        }
        catch (MultipleAssertException ex)
        {
            problems.Add(ex.Message);
        }
        catch (AssertionException ex)
        {
            problems.Add(ex.Message);
        }
    }

    private static bool IsHtml(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "text/html";

    private static IHtmlDocument Parse(HttpResponseMessage response) =>
        Parser.ParseDocument(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());

    private static string Printable(string input)
    {
        var text = new string(input.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        return (text.Length <= 40 ? text : text[..40] + "...") + $" ({input.Length.ToString(CultureInfo.InvariantCulture)} chars)";
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    // Only the string generators (literals and repeat) make form text; rawbytes(...) and "json body" are transports.
    [GeneratedRegex(@"^GEN:(?:'[^']*'|repeat\('[^']*',\d+\))(?:\+(?:'[^']*'|repeat\('[^']*',\d+\)))*$")]
    private static partial Regex GeneratorOnly();
}
