using System.Globalization;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Tests.Unit.Web;

/// Times are written in the organisation's zone, not the server's: a container runs in UTC, and a post made at half
/// past midnight in Berlin was dated the day before.
public sealed class TimeTextTests
{
    private static readonly IStringLocalizer T = TestLocalizer.Shared;

    [TestCase("de", "Dienstag, 20. Oktober 2026 00:30", "20.10.2026")]
    [TestCase("en", "Tuesday, 20 October 2026 00:30", "20/10/2026")]
    public void An_old_time_is_dated_and_timed_in_the_organisations_zone_in_the_readers_language(string language, string exact, string date)
    {
        // Every app in the test run sets the organisation's zone at its start; Europe/Berlin is everyone's default.
        TimeText.Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = WebSetup.Culture(language);
        try
        {
            var html = TimeText.Render(new DateTimeOffset(2026, 10, 19, 22, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), T).ToString();

            Assert.That(html, Is.EqualTo($"<time datetime=\"2026-10-19T22:30:00Z\" title=\"{exact}\">{date}</time>"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
