using System.Globalization;
using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Tests.Unit.Localization;

/// German writes "42 %", English "42%": the pages, the charts and polls.js write percentages one way per language.
public sealed class PercentTextTests
{
    [TestCase("de", 42, "0", "42 %")]
    [TestCase("de", 12.25, "0.0", "12,3 %")]
    [TestCase("en", 42, "0", "42%")]
    [TestCase("en", 12.25, "0.0", "12.3%")]
    [TestCase("en", 100, "0", "100%")]
    public void A_percentage_is_written_as_the_readers_language_writes_it(string language, double value, string format, string expected)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebSetup.Culture(language);
        try
        {
            Assert.That(PercentText.Of(value, format), Is.EqualTo(expected));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
