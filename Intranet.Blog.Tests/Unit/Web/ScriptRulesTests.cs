using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Tests.Unit.Web;

/// Rules every script of the app keeps, checked in its source.
public sealed partial class ScriptRulesTests
{
    private static IEnumerable<string> Scripts() =>
        Directory.GetFiles(Path.Combine(AppLayout.WebRoot, "js"), "*.js", SearchOption.AllDirectories).Select(Path.GetFileName).Order()!;

    [Test]
    public void There_are_scripts_to_check() => Assert.That(Scripts(), Does.Contain("site.js"));

    /// alert() stops the page with a box a screen reader may not read in context and that says nothing about where the
    /// problem is: a refusal is shown next to the field it is about (composer.js showFieldError).
    [TestCaseSource(nameof(Scripts))]
    public void No_script_calls_alert(string script)
    {
        var source = File.ReadAllText(Path.Combine(AppLayout.WebRoot, "js", script));

        Assert.That(AlertCall().Matches(source).Select(m => m.Value), Is.Empty);
    }

    [GeneratedRegex(@"\balert\s*\(")]
    private static partial Regex AlertCall();
}
