using System.Globalization;
using System.Text.Json;
using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Localization;

/// Counted texts through the app's own resource files, in both languages.
public sealed class PluralTextTests
{
    private static readonly IStringLocalizer T = TestLocalizer.Shared;

    private static string In(string culture, Func<string> text)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return text();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [TestCase("de", 0, "Import abgeschlossen: keine Personen angelegt, 0 aktualisiert, keine Abteilungen angelegt.")]
    [TestCase("de", 1, "Import abgeschlossen: 1 Person angelegt, 1 aktualisiert, 1 Abteilung angelegt.")]
    [TestCase("de", 12, "Import abgeschlossen: 12 Personen angelegt, 12 aktualisiert, 12 Abteilungen angelegt.")]
    [TestCase("en", 0, "Import complete: no people created, 0 updated, no departments created.")]
    [TestCase("en", 1, "Import complete: 1 person created, 1 updated, 1 department created.")]
    [TestCase("en", 12, "Import complete: 12 people created, 12 updated, 12 departments created.")]
    public void The_import_summary_says_each_count_in_its_proper_form(string culture, int n, string expected)
    {
        var text = In(culture, () => T["Import complete: {0}, {1} updated, {2}.", T.Plural("{0} people created", n), n, T.Plural("{0} departments created", n)]);

        Assert.That(text, Is.EqualTo(expected));
    }

    [TestCase("de", 0, "Es wurde nichts importiert. Bitte behebe diese 0 Probleme und versuche es noch einmal:")]
    [TestCase("de", 1, "Es wurde nichts importiert. Bitte behebe dieses Problem und versuche es noch einmal:")]
    [TestCase("de", 3, "Es wurde nichts importiert. Bitte behebe diese 3 Probleme und versuche es noch einmal:")]
    [TestCase("en", 0, "Nothing was imported. Please fix these 0 problems and try again:")]
    [TestCase("en", 1, "Nothing was imported. Please fix this problem and try again:")]
    [TestCase("en", 3, "Nothing was imported. Please fix these 3 problems and try again:")]
    public void The_import_problems_heading_agrees_with_its_count(string culture, int n, string expected)
    {
        Assert.That(In(culture, () => T.Plural("Nothing was imported. Please fix these {0} problems and try again:", n)), Is.EqualTo(expected));
    }

    [TestCase("de", "{0} people", 1, "1 Person")]
    [TestCase("de", "{0} people", 4, "4 Personen")]
    [TestCase("en", "{0} people", 1, "1 person")]
    [TestCase("en", "{0} reports", 1, "1 report")]
    [TestCase("en", "{0} reports", 3, "3 reports")]
    [TestCase("de", "{0} people found.", 0, "Niemand gefunden.")]
    [TestCase("en", "{0} people found.", 1, "1 person found.")]
    public void Department_sizes_reports_and_directory_results_agree_with_their_count(string culture, string key, int n, string expected)
    {
        Assert.That(In(culture, () => T.Plural(key, n)), Is.EqualTo(expected));
    }

    [TestCase("de", """{"=1":"1 Kommentar","other":"{0} Kommentare"}""")]
    [TestCase("en", """{"=1":"1 comment","other":"{0} comments"}""")]
    public void The_browser_gets_exact_counts_and_other_so_it_needs_no_plural_rule(string culture, string json)
    {
        var forms = JsonSerializer.Deserialize<Dictionary<string, string>>(In(culture, () => T.BrowserForms("{0} comments")));

        Assert.That(forms, Is.EquivalentTo(JsonSerializer.Deserialize<Dictionary<string, string>>(json)!));
    }

    [TestCase("Read by {0}")]
    [TestCase("Level {0}")]
    [TestCase("{0} comments")]
    public void A_text_without_forms_is_its_own_other_form(string value)
    {
        Assert.That(PluralText.Forms(value), Is.EquivalentTo(new Dictionary<string, string> { ["other"] = value }));
    }

    [Test]
    public void Forms_keep_placeholders_inside_them()
    {
        var forms = PluralText.Forms("=0 {keine} one {{0} Person, {1}} other {{0} Personen, {1}}");

        Assert.That(forms, Is.EquivalentTo(new Dictionary<string, string> { ["=0"] = "keine", ["one"] = "{0} Person, {1}", ["other"] = "{0} Personen, {1}" }));
    }

    [Test]
    public void Every_counted_resource_in_both_languages_has_an_other_form_and_the_same_selectors()
    {
        var de = Counted("de");
        var en = Counted("en");

        Assert.That(de.Keys, Is.EquivalentTo(en.Keys));
        Assert.That(de.Keys, Is.Not.Empty);
        foreach (var key in de.Keys)
        {
            Assert.That(de[key], Does.Contain("other"), key);
            Assert.That(de[key], Is.EquivalentTo(en[key]), key);
        }
    }

    private static Dictionary<string, string[]> Counted(string culture) => In(culture, () => string.Join('\n', T.GetAllStrings(includeParentCultures: false)
            .Where(s => s.Value.StartsWith('=') || s.Value.StartsWith("one {", StringComparison.Ordinal))
            .Select(s => s.Name)))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .ToDictionary(k => k, k => In(culture, () => string.Join(',', PluralText.Forms(T[k].Value).Keys)).Split(','));

    /// Sizes on the admin pages: a fresh database is kilobytes, a disk gigabytes; never "0 MB" or "52404,1 MB".
    [TestCase("de", 4096L, "4 KB")]
    [TestCase("de", 3L * 1048576 + 524288, "3,5 MB")]
    [TestCase("de", 54949953536L, "51,2 GB")]
    [TestCase("en", 54949953536L, "51.2 GB")]
    [TestCase("en", 0L, "0 KB")]
    public void A_size_reads_in_the_unit_that_fits(string culture, long bytes, string expected) =>
        Assert.That(In(culture, () => ByteSize.Text(bytes, T)), Is.EqualTo(expected));
}
