using System.Globalization;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Tests.Unit.Web;

/// FieldErrors with the app's real resources, read in English so the messages are the resource keys.
public sealed class FieldErrorsTests
{
    private static readonly IStringLocalizer Localizer = TestLocalizer.Shared;

    private CultureInfo _culture = null!;

    [SetUp]
    public void English()
    {
        _culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en");
    }

    [TearDown]
    public void Restore() => CultureInfo.CurrentUICulture = _culture;

    private static FieldErrors Errors() => new(Localizer);

    [Test]
    public void Text_is_trimmed()
    {
        var errors = Errors();

        var text = errors.Text("Title", " \t Hallo Welt \n ", 200);

        Assert.That(text, Is.EqualTo("Hallo Welt"));
        Assert.That(errors.Any, Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" \t\r\n ")]
    public void A_required_field_without_text_is_refused(string? value)
    {
        var errors = Errors();

        errors.Text("Title", value, 200);

        Assert.That(errors.All["Title"], Is.EqualTo("Title is required."));
    }

    [Test]
    public void An_optional_field_may_stay_empty()
    {
        var errors = Errors();

        var text = errors.Text("Title", "   ", 200, required: false);

        Assert.That(text, Is.Empty);
        Assert.That(errors.Any, Is.False);
    }

    [Test]
    public void Text_at_the_maximum_length_is_accepted()
    {
        var errors = Errors();

        errors.Text("Title", new string('x', 200), 200);

        Assert.That(errors.Any, Is.False);
    }

    [Test]
    public void Text_over_the_maximum_length_is_refused_with_the_limit_in_the_message()
    {
        var errors = Errors();

        errors.Text("Title", new string('x', 201), 200);

        Assert.That(errors.All["Title"], Is.EqualTo("Title must be at most 200 characters."));
    }

    [TestCase("😀😀😀", 5, false)] // three emoji are six UTF-16 code units
    [TestCase("😀😀😀", 6, true)]
    [TestCase("e\u0301\u0301", 2, false)] // one visible letter, three code units
    public void The_length_is_counted_in_utf16_code_units(string value, int maxLength, bool accepted)
    {
        var errors = Errors();

        errors.Text("Title", value, maxLength);

        Assert.That(errors.Any, Is.Not.EqualTo(accepted));
    }

    [TestCase("\u202Egnp.exe")]   // right-to-left override
    [TestCase("Hallo\u200BWelt")] // zero-width space
    [TestCase("Hallo\u2066Welt")] // left-to-right isolate
    [TestCase("\uFEFFHallo")]     // zero-width no-break space (BOM)
    [TestCase("Hallo\u200FWelt")] // right-to-left mark
    public void Bidi_overrides_and_zero_width_characters_are_refused_in_single_line_fields(string value)
    {
        var errors = Errors();

        errors.Text("Title", value, 200);

        Assert.That(errors.All["Title"], Is.EqualTo("Title contains unsupported control characters."));
    }

    [Test]
    public void Zero_width_joiners_in_bodies_are_kept_for_emoji_sequences()
    {
        var errors = Errors();
        const string family = "Familie: 👨\u200D👩\u200D👧";

        var text = errors.Text("Text", family, 500, singleLine: false);

        Assert.That(text, Is.EqualTo(family));
        Assert.That(errors.Any, Is.False);
    }

    [Test]
    public void Newlines_and_tabs_are_allowed_in_bodies()
    {
        var errors = Errors();

        var text = errors.Text("Text", "Zeile 1\r\nZeile 2\n\tEingerückt", 500, singleLine: false);

        Assert.That(text, Is.EqualTo("Zeile 1\r\nZeile 2\n\tEingerückt"));
        Assert.That(errors.Any, Is.False);
    }

    [TestCase("Zeile 1\nZeile 2")]
    [TestCase("Spalte\tSpalte")]
    public void Newlines_and_tabs_are_refused_inside_single_line_fields(string value)
    {
        var errors = Errors();

        errors.Text("Title", value, 200);

        Assert.That(errors.All["Title"], Is.EqualTo("Title contains unsupported control characters."));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Nul_is_refused_in_every_field(bool singleLine)
    {
        var errors = Errors();

        errors.Text("Text", "Hallo\0<script>", 500, singleLine);

        Assert.That(errors.All["Text"], Is.EqualTo("Text contains unsupported control characters."));
    }

    [Test]
    public void Other_control_characters_are_refused_in_bodies()
    {
        var errors = Errors();

        errors.Text("Text", "Glocke\u0007", 500, singleLine: false);

        Assert.That(errors.Any, Is.True);
    }

    [Test]
    public void A_field_keeps_its_first_error()
    {
        var errors = Errors();

        errors.Text("Title", "", 200);
        errors.Add("Title", "second");

        Assert.That(errors.All["Title"], Is.EqualTo("Title is required."));
    }
}
