using System.Text;
using Intranet.Blog.Features.Admin;

namespace Intranet.Blog.Tests.Unit.Admin;

public sealed class OrgCsvTests
{
    private const string Header = "name,email,department,title,manager_email";

    [Test]
    public void A_comma_separated_file_yields_one_row_per_line_with_its_line_number()
    {
        var file = OrgCsv.Parse($"{Header}\nAnna,anna@example.de,IT,Leitung,\nBen,ben@example.de,IT,Entwickler,anna@example.de\n");

        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.Separator, Is.EqualTo(','));
        Assert.That(file.Rows, Is.EqualTo(new[]
        {
            new OrgCsvRow(2, "Anna", "anna@example.de", "IT", "Leitung", ""),
            new OrgCsvRow(3, "Ben", "ben@example.de", "IT", "Entwickler", "anna@example.de"),
        }));
    }

    [Test]
    public void A_semicolon_header_makes_the_semicolon_the_separator_and_commas_plain_text()
    {
        var file = OrgCsv.Parse("name;email;department;title;manager_email\r\nMüller, Eva;eva@example.de;Vertrieb;Key Account, Süd;\r\n");

        Assert.That(file.Separator, Is.EqualTo(';'));
        Assert.That(file.Rows.Single().Name, Is.EqualTo("Müller, Eva"));
        Assert.That(file.Rows.Single().Title, Is.EqualTo("Key Account, Süd"));
    }

    [Test]
    public void A_tab_separated_file_is_read()
    {
        var file = OrgCsv.Parse("name\temail\tdepartment\ttitle\tmanager_email\nAnna\tanna@example.de\tIT\t\t\n");

        Assert.That(file.Separator, Is.EqualTo('\t'));
        Assert.That(file.Rows.Single().Email, Is.EqualTo("anna@example.de"));
    }

    [Test]
    public void Quoted_values_keep_separators_doubled_quotes_and_line_breaks()
    {
        var file = OrgCsv.Parse($"{Header}\n\"Weber, Jonas\",jonas@example.de,\"F&E\",\"Leiter \"\"Labor\"\"\nund Werkstatt\",\n");

        var row = file.Rows.Single();
        Assert.That(row.Name, Is.EqualTo("Weber, Jonas"));
        Assert.That(row.Title, Is.EqualTo("Leiter \"Labor\"\nund Werkstatt"));
    }

    [Test]
    public void A_line_break_inside_quotes_still_counts_for_the_following_line_numbers()
    {
        var file = OrgCsv.Parse($"{Header}\r\nA,a@example.de,IT,\"zwei\r\nZeilen\",\r\nB,b@example.de,IT,,\r\n");

        Assert.That(file.Rows.Select(r => r.Line), Is.EqualTo(new[] { 2, 4 }));
    }

    [Test]
    public void A_byte_order_mark_in_front_of_the_header_is_ignored()
    {
        var file = OrgCsv.Parse("\uFEFF" + Header + "\nAnna,anna@example.de,,,\n");

        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.Rows, Has.Count.EqualTo(1));
    }

    [Test]
    public void Decoding_drops_the_UTF8_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name;Größe")).ToArray();

        Assert.That(OrgCsv.Decode(bytes), Is.EqualTo("name;Größe"));
    }

    [Test]
    public void Decoding_reads_UTF16_with_its_byte_order_mark()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Jürgen")).ToArray();

        Assert.That(OrgCsv.Decode(bytes), Is.EqualTo("Jürgen"));
    }

    [Test]
    public void Decoding_falls_back_to_Windows_1252_when_the_bytes_are_not_UTF8()
    {
        // "Jürgen Größe €" as older Excel versions save it on a German Windows.
        byte[] bytes = [0x4A, 0xFC, 0x72, 0x67, 0x65, 0x6E, 0x20, 0x47, 0x72, 0xF6, 0xDF, 0x65, 0x20, 0x80];

        Assert.That(OrgCsv.Decode(bytes), Is.EqualTo("Jürgen Größe €"));
    }

    [Test]
    public void Columns_may_come_in_any_order_and_extra_columns_are_ignored()
    {
        var file = OrgCsv.Parse("Email;Personalnummer;NAME;manager_email;title;department\nanna@example.de;4711;Anna;;Leitung;IT\n");

        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.Rows.Single(), Is.EqualTo(new OrgCsvRow(2, "Anna", "anna@example.de", "IT", "Leitung", "")));
    }

    [Test]
    public void Values_are_trimmed()
    {
        var file = OrgCsv.Parse($"{Header}\n  Anna  , anna@example.de ,\"  IT \",,\n");

        Assert.That(file.Rows.Single(), Is.EqualTo(new OrgCsvRow(2, "Anna", "anna@example.de", "IT", "", "")));
    }

    [Test]
    public void Blank_lines_and_lines_of_empty_values_are_skipped()
    {
        var file = OrgCsv.Parse($"{Header}\n\nAnna,anna@example.de,,,\n,,,,\n   \nBen,ben@example.de,,,");

        Assert.That(file.Issues, Is.Empty);
        Assert.That(file.Rows.Select(r => r.Line), Is.EqualTo(new[] { 3, 6 }));
    }

    [Test]
    public void A_missing_column_in_the_header_is_reported_on_line_1()
    {
        var file = OrgCsv.Parse("name,email,department,title\nAnna,anna@example.de,IT,Leitung\n");

        Assert.That(file.Issues.Single().Line, Is.EqualTo(1));
        Assert.That(file.Issues.Single().Message, Is.EqualTo("The first line must name the columns {0}."));
        Assert.That(file.Rows, Is.Empty);
    }

    [Test]
    public void A_column_named_twice_is_reported()
    {
        var file = OrgCsv.Parse("name,email,email,department,title,manager_email\n");

        Assert.That(file.Issues.Single().Message, Is.EqualTo("The column {0} appears twice."));
    }

    [Test]
    public void An_empty_file_is_reported()
    {
        var file = OrgCsv.Parse("\uFEFF\r\n");

        Assert.That(file.Issues.Single(), Has.Property(nameof(CsvIssue.Line)).EqualTo(1).And.Property(nameof(CsvIssue.Message)).EqualTo("The file is empty."));
    }

    [Test]
    public void A_line_with_more_values_than_the_header_is_reported_with_its_number()
    {
        var file = OrgCsv.Parse($"{Header}\nAnna,anna@example.de,,,\nMüller, Eva,eva@example.de,,,\n");

        Assert.That(file.Issues.Single().Line, Is.EqualTo(3));
        Assert.That(file.Issues.Single().Args, Is.EqualTo(new object[] { 6, 5 }));
        Assert.That(file.Rows.Select(r => r.Line), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void An_unclosed_quote_is_reported_on_the_line_where_it_starts()
    {
        var file = OrgCsv.Parse($"{Header}\nAnna,anna@example.de,,,\n\"Ben,ben@example.de,,,\nCarla,carla@example.de,,,\n");

        Assert.That(file.Issues.Single().Line, Is.EqualTo(3));
        Assert.That(file.Issues.Single().Message, Is.EqualTo("A quoted value is not closed."));
        Assert.That(file.Rows.Select(r => r.Line), Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void Text_after_a_closing_quote_is_reported_and_the_next_line_still_read()
    {
        var file = OrgCsv.Parse($"{Header}\n\"Anna\" Maria,anna@example.de,,,\nBen,ben@example.de,,,\n");

        Assert.That(file.Issues.Single().Line, Is.EqualTo(2));
        Assert.That(file.Rows.Select(r => r.Line), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void A_quote_inside_an_unquoted_value_is_kept_as_text()
    {
        var file = OrgCsv.Parse($"{Header}\nAnna \"Anni\" Schmidt,anna@example.de,,,\n");

        Assert.That(file.Rows.Single().Name, Is.EqualTo("Anna \"Anni\" Schmidt"));
    }

    [Test]
    public void More_rows_than_the_limit_are_refused_at_the_first_row_over_it()
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i <= OrgCsv.MaxRows; i++)
        {
            text.Append("P").Append(i).Append(",p").Append(i).Append("@example.de,,,\n");
        }

        var file = OrgCsv.Parse(text.ToString());

        Assert.That(file.Issues.Single().Line, Is.EqualTo(OrgCsv.MaxRows + 2));
        Assert.That(file.Rows, Has.Count.EqualTo(OrgCsv.MaxRows));
    }
}
