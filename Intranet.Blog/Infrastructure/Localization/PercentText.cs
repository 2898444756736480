using System.Globalization;

namespace Intranet.Blog.Infrastructure.Localization;

/// A percentage as the reader's language writes it: German with a space before the sign, English without ("42 %",
/// "42%"). The culture's own percent pattern says which, so a language added later writes its own way.
public static class PercentText
{
    public static string Of(double value, string format = "0")
    {
        var culture = CultureInfo.CurrentCulture;
        return value.ToString(format, culture) + (culture.NumberFormat.PercentPositivePattern == 0 ? " %" : "%");
    }
}
