using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Tests.Unit.Web;

/// The browser packages are committed under wwwroot/lib so the app builds and runs with the .NET SDK alone;
/// package.json and its lock file stay the way to choose and update them (`npm run update-lib`). These tests hold the
/// committed copies to the lock file without Node.js: each library's provenance.json names the package, version and
/// lock integrity it was copied from, and the SHA-256 of every file it put there.
public sealed partial class BrowserLibrariesTests
{
    private static readonly string Lib = Path.Combine(AppLayout.WebRoot, "lib");

    private static IEnumerable<string> Libraries() => Directory.GetDirectories(Lib).Select(Path.GetFileName).Order()!;

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static JsonElement Provenance(string library) => Json(Path.Combine(Lib, library, "provenance.json"));

    [Test]
    public void Every_package_in_package_json_is_committed_under_wwwroot_lib()
    {
        var packages = Json(Path.Combine(AppLayout.Root, "package.json")).GetProperty("dependencies").EnumerateObject().Select(p => p.Name);
        var committed = Libraries().Select(l => Provenance(l).GetProperty("package").GetString());

        Assert.That(committed, Is.EquivalentTo(packages));
    }

    [TestCaseSource(nameof(Libraries))]
    public void The_committed_copy_is_the_version_the_lock_file_names(string library)
    {
        var provenance = Provenance(library);
        var locked = Json(Path.Combine(AppLayout.Root, "package-lock.json"))
            .GetProperty("packages").GetProperty($"node_modules/{provenance.GetProperty("package").GetString()}");

        Assert.Multiple(() =>
        {
            foreach (var field in new[] { "version", "integrity", "license" })
            {
                Assert.That(provenance.GetProperty(field).GetString(), Is.EqualTo(locked.GetProperty(field).GetString()),
                    $"{library}: {field} differs from package-lock.json; run `npm run update-lib`");
            }
        });
    }

    [TestCaseSource(nameof(Libraries))]
    public void Every_committed_file_is_byte_for_byte_what_was_copied_and_has_a_licence(string library)
    {
        var recorded = Provenance(library).GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("sha256").GetString());
        var present = Directory.GetFiles(Path.Combine(Lib, library)).Select(Path.GetFileName).Where(n => n != "provenance.json");

        Assert.Multiple(() =>
        {
            Assert.That(present, Is.EquivalentTo(recorded.Keys), $"{library}: files not recorded in provenance.json, or missing");
            Assert.That(recorded.Keys, Has.Some.Match("(?i)^(licen[cs]e|copying)"), $"{library}: no licence file");
            foreach (var (name, sha256) in recorded.Where(f => File.Exists(Path.Combine(Lib, library, f.Key))))
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Lib, library, name))));
                Assert.That(actual, Is.EqualTo(sha256), $"{library}/{name} was changed after `npm run update-lib` copied it");
            }
        });
    }

    [Test]
    public void Every_lib_file_a_view_loads_is_committed()
    {
        var views = Directory.GetFiles(Path.Combine(AppLayout.Root, "Intranet.Blog"), "*.cshtml", SearchOption.AllDirectories);
        var referenced = views.SelectMany(v => LibReference().Matches(File.ReadAllText(v)).Select(m => m.Groups[1].Value)).Distinct().ToList();

        Assert.That(referenced, Is.Not.Empty);
        Assert.That(referenced.Where(r => !File.Exists(Path.Combine(Lib, r))), Is.Empty);
    }

    [GeneratedRegex(@"(?:src|href)=""/lib/([^""?]+)""")]
    private static partial Regex LibReference();
}
