using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Announcements;

/// Writes the evidence as CSV (RFC 4180, semicolons as German spreadsheets expect them, UTC times in ISO 8601).
/// A cell that a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe: names are typed by people.
public static class EvidenceCsv
{
    public static string Write(IReadOnlyList<EvidenceRow> rows, IStringLocalizer t)
    {
        var csv = new StringBuilder();
        Line(csv, t["Name"], t["E-mail"], t["Department"], t["Status"], t["Version"], t["Acknowledged at (UTC)"]);
        foreach (var row in rows)
        {
            Line(csv, row.DisplayName, row.Email, row.DepartmentName ?? "",
                row.AcknowledgedAt is null ? t["Not acknowledged"] : t["Acknowledged"],
                row.Version?.ToString(CultureInfo.InvariantCulture) ?? "",
                row.AcknowledgedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, params string[] cells) =>
        csv.Append(string.Join(';', cells.Select(Cell))).Append("\r\n");

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\n', '\r', ',']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
