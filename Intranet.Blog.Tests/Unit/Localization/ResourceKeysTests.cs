using System.Text.RegularExpressions;
using System.Xml.Linq;
using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Tests.Unit.Localization;

/// Every text the views and the code ask the localizer for by a literal key is in both resource files: a missing key
/// falls back to the key itself, so the profile's @handle tooltip was English for German readers and nothing said so.
public sealed partial class ResourceKeysTests
{
    // T["…"], t["…"], T.Plural("…", n), t.Plural("…", n): the localizer's names throughout the app.
    [GeneratedRegex("""\b[Tt](?:\.Plural\(|\[)"((?:[^"\\]|\\.)*)"[,\])]""")]
    private static partial Regex LocalizedLiteral();

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Path.Combine(AppLayout.Root, "Intranet.Blog"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static HashSet<string> Keys(string language) =>
        XDocument.Load(Path.Combine(AppLayout.Root, "Intranet.Blog", "Resources", $"SharedResource.{language}.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [TestCase("de")]
    [TestCase("en")]
    public void Every_literal_key_asked_for_is_in_the_resource_file(string language)
    {
        var keys = Keys(language);
        var asked = Sources()
            .SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: Regex.Unescape(m.Groups[1].Value))))
            .ToList();

        Assert.That(asked, Has.Count.GreaterThan(500), "the pattern finds the app's texts");
        Assert.That(asked.Where(a => !keys.Contains(a.Key)).Select(a => $"{a.File}: {a.Key}").Distinct(), Is.Empty);
    }
}
