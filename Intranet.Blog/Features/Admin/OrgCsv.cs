using System.Text;

namespace Intranet.Blog.Features.Admin;

/// A problem in an import file. Line is where the record starts (1 = the header); Message is the English text,
/// which is also the localisation key, with its arguments.
public sealed record CsvIssue(int Line, string Message, object[] Args)
{
    public CsvIssue(int line, string message) : this(line, message, []) { }
}

/// ParentDepartment and DepartmentHead speak about the row's department (empty: the file says nothing about it).
public sealed record OrgCsvRow(int Line, string Name, string Email, string Department, string Title, string ManagerEmail, string ParentDepartment = "", string DepartmentHead = "");

public sealed record OrgCsvFile(char Separator, IReadOnlyList<OrgCsvRow> Rows, IReadOnlyList<CsvIssue> Issues);

/// Reads the org-chart export (RFC 4180 CSV): quoted values with "" escapes and line breaks, CRLF/LF/CR endings,
/// comma, semicolon (German Excel) or tab (Excel's Unicode text) as the separator, found from the header line.
public static class OrgCsv
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 20_000;
    public static readonly IReadOnlyList<string> Columns = ["name", "email", "department", "title", "manager_email"];

    /// The department's place in the tree and its head, repeated on the rows of its people (the same on each, or empty).
    public static readonly IReadOnlyList<string> OptionalColumns = ["parent_department", "department_head"];
    private static readonly char[] Separators = [',', ';', '\t'];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// UTF-8 with or without a byte order mark, UTF-16 with one, or else Windows-1252: what Excel's
    /// "CSV (Trennzeichen-getrennt)" writes on a German Windows.
    public static string Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes is [0xFF, 0xFE, ..])
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }

    public static OrgCsvFile Parse(string text)
    {
        // Pasted text or a file decoded elsewhere may still start with the byte order mark.
        text = text.TrimStart('\uFEFF');
        var separator = DetectSeparator(text);
        var (records, issues) = ReadRecords(text, separator);
        if (records.Count == 0)
        {
            issues.Add(new CsvIssue(1, "The file is empty."));
            return new OrgCsvFile(separator, [], issues);
        }

        var header = records[0];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim().ToLowerInvariant();
            if ((Columns.Contains(name) || OptionalColumns.Contains(name)) && !columns.TryAdd(name, i))
            {
                issues.Add(new CsvIssue(header.Line, "The column {0} appears twice.", [name]));
            }
        }

        if (Columns.Any(c => !columns.ContainsKey(c)))
        {
            issues.Add(new CsvIssue(header.Line, "The first line must name the columns {0}.", [string.Join(", ", Columns)]));
        }

        if (issues.Any(issue => issue.Line == header.Line))
        {
            return new OrgCsvFile(separator, [], issues);
        }

        var rows = new List<OrgCsvRow>();
        foreach (var record in records.Skip(1))
        {
            if (rows.Count == MaxRows)
            {
                issues.Add(new CsvIssue(record.Line, "The file has more than {0:N0} people. Please split it into smaller files.", [MaxRows]));
                break;
            }

            if (record.Fields.Count != header.Fields.Count)
            {
                issues.Add(new CsvIssue(record.Line, "This line has {0} values, the first line has {1}. Put values that contain the separator in double quotes.",
                    [record.Fields.Count, header.Fields.Count]));
                continue;
            }

            string Field(string column) => columns.TryGetValue(column, out var index) ? record.Fields[index].Trim() : "";
            rows.Add(new OrgCsvRow(record.Line, Field("name"), Field("email"), Field("department"), Field("title"), Field("manager_email"),
                Field("parent_department"), Field("department_head")));
        }

        return new OrgCsvFile(separator, rows, issues);
    }

    private sealed record CsvRecord(int Line, List<string> Fields);

    /// The separator the header line uses most, outside quotes; a comma when it uses none.
    private static char DetectSeparator(string text)
    {
        var counts = new int[Separators.Length];
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && Array.IndexOf(Separators, c) is var index and >= 0)
            {
                counts[index]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Separators[best];
    }

    /// Records with the line each starts on. Blank lines, and lines of empty values (Excel writes ";;;;" for
    /// empty rows), are skipped. A record with text after a closing quote is reported and dropped; an unclosed
    /// quote swallows the rest of the file, so it is reported and reading stops.
    private static (List<CsvRecord> Records, List<CsvIssue> Issues) ReadRecords(string text, char separator)
    {
        var records = new List<CsvRecord>();
        var issues = new List<CsvIssue>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0, n = text.Length;
        var broken = false;

        bool IsBlank(char c) => c is ' ' or '\t' && c != separator;
        bool IsLineEnd(char c) => c is '\r' or '\n';

        while (true)
        {
            var j = i;
            while (j < n && IsBlank(text[j]))
            {
                j++;
            }

            if (j < n && text[j] == '"')
            {
                i = j + 1;
                while (true)
                {
                    if (i >= n)
                    {
                        issues.Add(new CsvIssue(recordLine, "A quoted value is not closed."));
                        return (records, issues);
                    }

                    var c = text[i++];
                    if (c == '"')
                    {
                        if (i < n && text[i] == '"')
                        {
                            field.Append('"');
                            i++;
                            continue;
                        }

                        break;
                    }

                    if (c == '\n' || (c == '\r' && (i >= n || text[i] != '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                while (i < n && IsBlank(text[i]))
                {
                    i++;
                }

                if (i < n && text[i] != separator && !IsLineEnd(text[i]))
                {
                    if (!broken)
                    {
                        issues.Add(new CsvIssue(recordLine, "There is text after a closing quote. Double the quotes inside a quoted value (\"\")."));
                    }

                    broken = true;
                    while (i < n && !IsLineEnd(text[i]))
                    {
                        i++;
                    }
                }
            }
            else
            {
                while (i < n && text[i] != separator && !IsLineEnd(text[i]))
                {
                    field.Append(text[i++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (i < n && text[i] == separator)
            {
                i++;
                continue;
            }

            if (!broken && fields.Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                records.Add(new CsvRecord(recordLine, fields));
            }

            if (i >= n)
            {
                return (records, issues);
            }

            i += text[i] == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
            line++;
            recordLine = line;
            fields = [];
            broken = false;
        }
    }
}
