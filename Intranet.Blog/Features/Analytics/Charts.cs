using System.Globalization;
using Intranet.Blog.Features.Reach;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Analytics;

public enum ChartKind { Line, Bar, Matrix }

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// One chart of the dashboard: drawn as SVG on the server, shown as a table beside it and downloadable as CSV, all
/// from these values. Columns are the x axis (line), the rows (bar) or the author groups (matrix: one series per
/// writer group).
public sealed record Chart(string Id, string Title, ChartKind Kind, string Corner, IReadOnlyList<string> Columns, IReadOnlyList<ChartSeries> Series, bool Percent)
{
    /// The table: a header, then one row per column (line, bar) or per series (matrix).
    public IReadOnlyList<IReadOnlyList<string>> Table(CultureInfo culture)
    {
        string Cell(double? v) => v is not { } x ? "" : Percent ? x.ToString("0.0", culture) : x.ToString("0.#", culture);
        if (Kind == ChartKind.Matrix)
        {
            return [[Corner, .. Columns], .. Series.Select(s => (IReadOnlyList<string>)[s.Name, .. s.Values.Select(Cell)])];
        }

        return [[Corner, .. Series.Select(s => s.Name)], .. Columns.Select((c, i) => (IReadOnlyList<string>)[c, .. Series.Select(s => Cell(s.Values[i]))])];
    }

    /// RFC 4180, invariant numbers; a cell that a spreadsheet would run as a formula (a department or topic name
    /// starting with = + - @) is quoted with a leading apostrophe.
    public string Csv()
    {
        var text = new System.Text.StringBuilder();
        foreach (var row in Table(CultureInfo.InvariantCulture))
        {
            text.AppendJoin(',', row.Select(Escape)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Escape(string cell)
    {
        if (cell.Length > 0 && "=+-@\t\r".Contains(cell[0]) && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}

/// The dashboard's charts, in the viewer's language.
public static class DashboardCharts
{
    public static IReadOnlyList<Chart> Of(DashboardView v, IStringLocalizer t)
    {
        var weeks = v.Content.Select(c => Week(c.Week, t)).ToList();
        var others = t["Other departments"].Value;
        var bands = v.Bands.Select(b => BandLabels.Short(b.First, b.Last, t)).ToList();
        var previous = v.PreviousActive.Rows.ToDictionary(r => (r.Department, r.IsOthers), r => r.Share);
        var shown = v.Active.Rows.Where(r => !r.TooFew).ToList();
        return
        [
            new("active", t["Active people per department"], ChartKind.Bar, t["Department"], [.. shown.Select(r => r.IsOthers ? others : r.Department ?? "")],
                [new(t["Active (%)"], [.. shown.Select(r => r.Share)]), new(t["Previous period (%)"], [.. shown.Select(r => previous.GetValueOrDefault((r.Department, r.IsOthers)))])], true),
            new("active-trend", t["Active people per week"], ChartKind.Line, t["Week"], weeks, [new(t["Active (%)"], v.ActiveTrend)], true),
            new("content", t["Posts, comments and reactions per week"], ChartKind.Line, t["Week"], weeks,
            [
                new(t["Articles"], [.. v.Content.Select(c => (double?)c.Articles)]),
                new(t["Microposts"], [.. v.Content.Select(c => (double?)c.Microposts)]),
                new(t["Guides"], [.. v.Content.Select(c => (double?)c.Guides)]),
                new(t["Comments"], [.. v.Content.Select(c => (double?)c.Comments)]),
                new(t["Reactions"], [.. v.Content.Select(c => (double?)c.Reactions)]),
            ], false),
            new("dialogue", t["Comments by hierarchy band: who wrote (rows) under whose post (columns)"], ChartKind.Matrix, t["Writer \\ post author"], bands,
                [.. v.Matrix.Select((row, i) => new ChartSeries(bands[i], [.. row.Select(n => (double?)n)]))], false),
            new("dialogue-trend", t["Comments across two or more levels per week"], ChartKind.Line, t["Week"], weeks, [new(t["Two or more levels apart (%)"], v.FarTrend)], true),
            new("must-read", t["Must-reads acknowledged, by week published"], ChartKind.Line, t["Week"], weeks, [new(t["Acknowledged (%)"], v.MustRead.Trend)], true),
        ];
    }

    public static string Week(DateOnly monday, IStringLocalizer t) =>
        t["W{0} {1}", ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))];
}
