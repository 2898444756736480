using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Tests.Unit.Web;

public sealed class InitialsTests
{
    [TestCase("Lena Schmidt", "LS")]
    [TestCase("Dr. Katharina Berger", "DB")]
    [TestCase("anna-lena von der heide", "AH")]
    [TestCase("Madonna", "M")]
    [TestCase("  Özlem   Yılmaz  ", "ÖY")]
    public void Initials_are_the_first_letters_of_the_first_and_last_name(string name, string initials)
    {
        Assert.That(Initials.Of(name), Is.EqualTo(initials));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void A_blank_name_gets_a_question_mark(string name)
    {
        Assert.That(Initials.Of(name), Is.EqualTo("?"));
    }

    [TestCase("𝓐nna 𝓑erg", "𝓐𝓑")]
    [TestCase("😀 Smile", "😀S")]
    public void Characters_outside_the_basic_plane_are_kept_whole(string name, string initials)
    {
        Assert.That(Initials.Of(name), Is.EqualTo(initials));
    }

    [Test]
    public void A_name_starting_with_a_lone_surrogate_gets_a_replacement_character()
    {
        Assert.That(Initials.Of("\uD800x Berg"), Is.EqualTo("\uFFFDB"));
    }

    [Test]
    public void The_colour_class_is_one_of_eight_chosen_by_id()
    {
        Assert.That(Initials.Hue(42), Is.EqualTo(Initials.Hue(50)));
        Assert.That(Enumerable.Range(0, 100).Select(i => Initials.Hue(i)).Distinct().Count(), Is.EqualTo(8));
    }
}
