using System.Resources;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Intranet.Blog.Tests.Unit.Localization;

/// The German texts say "du" to the reader throughout. The moderation and draft screens once said "Sie" (and a
/// notification read "hat Ihren Beitrag moderiert" beside "hat deinen Kommentar beantwortet"), which reads as two
/// products. "Sie"/"Ihre" meaning "they"/"their" stay allowed; what is caught are the forms that only address the reader.
public sealed partial class GermanAddressTests
{
    [GeneratedRegex(@"\b(Sie haben|können Sie|sehen Sie|öffnen Sie|veröffentlichen Sie|Ihren (Beitrag|Kommentar|Namen)|Ihre (Meldung|Antwort)|Ihr geplanter)\b")]
    private static partial Regex FormalAddress();

    [Test]
    public void No_German_text_addresses_the_reader_formally()
    {
        var resources = new ResourceManager("Intranet.Blog.Resources.SharedResource", typeof(SharedResource).Assembly)
            .GetResourceSet(new CultureInfo("de"), createIfNotExists: true, tryParents: false)!;
        var formal = resources.Cast<System.Collections.DictionaryEntry>()
            .Select(e => (string)e.Value!).Where(v => FormalAddress().IsMatch(v)).ToList();

        Assert.That(formal, Is.Empty);
    }
}
