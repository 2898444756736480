using System.Globalization;

namespace Intranet.Blog.Infrastructure.Localization;

/// Text and formatting in another language for a while (a mail in its recipient's, a live fragment in each reader's),
/// then back to the request's: using var _ = CultureScope.Use(culture);
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private CultureScope(CultureInfo culture, CultureInfo uiCulture) => (_culture, _uiCulture) = (culture, uiCulture);

    public static CultureScope Use(CultureInfo culture)
    {
        var scope = new CultureScope(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        return scope;
    }

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
}
