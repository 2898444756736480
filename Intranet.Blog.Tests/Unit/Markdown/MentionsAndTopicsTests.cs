using AngleSharp.Html.Parser;
using Intranet.Blog.Infrastructure.Markdown;
using NUnit.Framework;

namespace Intranet.Blog.Tests.Unit.Markdown;

[TestFixture]
public sealed class MentionsAndTopicsTests
{
    private static readonly MarkdownRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    private static MarkdownDraft Parse(string markdown, MarkdownProfile profile = MarkdownProfile.Full) => Renderer.Parse(markdown, profile);

    private static string[] Mentions(string markdown, MarkdownProfile profile = MarkdownProfile.Full) => [.. Parse(markdown, profile).Mentions];

    private static string[] Topics(string markdown, MarkdownProfile profile = MarkdownProfile.Full) => [.. Parse(markdown, profile).Topics.Select(t => t.Key)];

    [Test]
    public void Finds_mentions_and_topics_in_plain_text()
    {
        var draft = Parse("Danke @anna.berger und @jürgen.müller für #Betriebsrat und #Weiterbildung2026!");
        Assert.That(draft.Mentions, Is.EqualTo(new[] { "anna.berger", "jürgen.müller" }));
        Assert.That(draft.Topics.Select(t => t.Name), Is.EqualTo(new[] { "Betriebsrat", "Weiterbildung2026" }));
    }

    [TestCase("Schreib an anna@example.org")]
    [TestCase("Schreib an anna.berger@example.org")]
    [TestCase("Schreib an <anna@example.org>")]
    [TestCase("Schreib an [sie](mailto:anna@example.org)")]
    [TestCase("Schreib an mailto:anna@example.org")]
    public void E_mail_addresses_are_not_mentions(string markdown) =>
        Assert.That(Mentions(markdown), Is.Empty);

    [TestCase("Der Befehl `@anna #Betriebsrat` hilft")]
    [TestCase("```\n@anna #Betriebsrat\n```")]
    [TestCase("    @anna #Betriebsrat")]
    [TestCase("[@anna #Betriebsrat](https://example.org)")]
    [TestCase("[Link](https://example.org/@anna#Betriebsrat)")]
    [TestCase("Siehe https://example.org/@anna#Betriebsrat")]
    [TestCase("Siehe <https://example.org/@anna#Betriebsrat>")]
    [TestCase(@"Kein Thema: \#Betriebsrat, kein Name: \@anna")]
    public void Code_links_and_escapes_hold_no_mentions_or_topics(string markdown)
    {
        Assert.That(Mentions(markdown), Is.Empty);
        Assert.That(Topics(markdown), Is.Empty);
    }

    [Test]
    public void Code_spans_and_links_in_microposts_hold_none_either()
    {
        Assert.That(Topics("`#Betriebsrat` und [#x](https://example.org)", MarkdownProfile.Inline), Is.Empty);
        Assert.That(Topics("Hallo #Betriebsrat", MarkdownProfile.Inline), Is.EqualTo(new[] { "betriebsrat" }));
    }

    [TestCase("(@anna.berger)", "anna.berger")]
    [TestCase("Hallo @anna.berger.", "anna.berger")]
    [TestCase("Hallo @anna.berger, wie geht's?", "anna.berger")]
    [TestCase("@anna.berger's Idee", "anna.berger")]
    [TestCase("**@anna.berger**", "anna.berger")]
    [TestCase("_@anna_", "anna")]
    public void Punctuation_around_a_mention_is_not_part_of_it(string markdown, string handle) =>
        Assert.That(Mentions(markdown), Is.EqualTo(new[] { handle }));

    [TestCase("(#Betriebsrat)", "betriebsrat")]
    [TestCase("#Betriebsrat.", "betriebsrat")]
    [TestCase("#Betriebsrat, #betriebsrat!", "betriebsrat")]
    [TestCase("Tag:#Sommerfest?", "sommerfest")]
    [TestCase("#Team_Nord", "team_nord")]
    public void Punctuation_around_a_topic_is_not_part_of_it(string markdown, string key) =>
        Assert.That(Topics(markdown), Is.EqualTo(new[] { key }));

    [TestCase("C# ist toll")]
    [TestCase("Seite#3")]
    [TestCase("#1 und #2026")]
    [TestCase("# ")]
    [TestCase("##Doppelt")]
    public void Not_a_topic(string markdown) =>
        Assert.That(Topics(markdown, MarkdownProfile.Inline), Is.Empty);

    [Test]
    public void A_heading_is_not_a_topic()
    {
        Assert.That(Topics("# Betriebsrat\n\nText"), Is.Empty);
        Assert.That(Topics("## Betriebsrat ##\n\nText"), Is.Empty);
        Assert.That(Topics("# Titel", MarkdownProfile.Inline), Is.Empty);
    }

    [Test]
    public void Umlauts_belong_to_topics_and_handles()
    {
        var draft = Parse("#Übergabe an @jürgen.müller.lüdenscheidt und #Straßenfest");
        Assert.That(draft.Topics.Select(t => t.Key), Is.EqualTo(new[] { "übergabe", "straßenfest" }));
        Assert.That(draft.Topics[0].Name, Is.EqualTo("Übergabe"));
        Assert.That(draft.Mentions, Is.EqualTo(new[] { "jürgen.müller.lüdenscheidt" }));
    }

    [Test]
    public void Topic_keys_ignore_case_and_normalisation()
    {
        // "Ü" precomposed and as U followed by a combining diaeresis are one topic.
        var draft = Parse("#Übergabe #übergabe #U\u0308BERGABE");
        Assert.That(draft.Topics.Select(t => t.Key), Is.EqualTo(new[] { "übergabe" }));
        Assert.That(draft.Topics[0].Name, Is.EqualTo("Übergabe"), "the first spelling wins");
    }

    [TestCase("#Betriebs\u200Brat")]
    [TestCase("#Betriebs\u200Drat")]
    [TestCase("#Betriebs\u202Erat")]
    [TestCase("#\u2066Betriebsrat\u2069")]
    [TestCase("#Betriebsrat\uFEFF")]
    public void Invisible_characters_cannot_make_a_second_topic_that_looks_the_same(string markdown)
    {
        var draft = Parse(markdown + " #Betriebsrat");
        Assert.That(draft.Topics.Select(t => t.Key), Is.EqualTo(new[] { "betriebsrat" }));
        var html = Renderer.Render(Parse(markdown), new Dictionary<string, long>(), _ => true).Html;
        var link = Parser.ParseDocument(html).QuerySelector("a.topic")!;
        Assert.That(link.TextContent, Is.EqualTo("#Betriebsrat"), "link text");
        Assert.That(link.GetAttribute("href"), Is.EqualTo("/topics/betriebsrat"));
    }

    [Test]
    public void Invisible_characters_inside_a_handle_are_dropped() =>
        Assert.That(Mentions("@anna\u200B.berger"), Is.EqualTo(new[] { "anna.berger" }));

    [Test]
    public void Mentions_and_topics_are_counted_distinct()
    {
        var text = string.Join(' ', Enumerable.Range(1, 25).Select(i => $"@person{i} #thema{i} @person{i} #Thema{i}"));
        var draft = Parse(text);
        Assert.That(draft.Mentions, Has.Count.EqualTo(25));
        Assert.That(draft.Topics, Has.Count.EqualTo(25));
    }

    [Test]
    public void Known_mentions_and_topics_render_as_escaped_links()
    {
        var draft = Parse("Hallo @Anna.Berger und @niemand zu #Übergabe");
        var html = Renderer.Render(draft, new Dictionary<string, long> { ["anna.berger"] = 42 }, _ => true).Html;
        var body = Parser.ParseDocument(html).Body!;
        var mention = body.QuerySelector("a.mention")!;
        Assert.That(mention.GetAttribute("href"), Is.EqualTo("/people/42"));
        Assert.That(mention.TextContent, Is.EqualTo("@Anna.Berger"));
        var topic = body.QuerySelector("a.topic")!;
        Assert.That(topic.GetAttribute("href"), Is.EqualTo("/topics/%C3%BCbergabe"));
        Assert.That(topic.TextContent, Is.EqualTo("#Übergabe"));
        Assert.That(body.QuerySelectorAll("a"), Has.Length.EqualTo(2), "an unknown person stays plain text");
        Assert.That(body.TextContent, Does.Contain("@niemand"));
    }

    [Test]
    public void A_topic_not_allowed_to_link_stays_plain_text()
    {
        var html = Renderer.Render(Parse("Zu #Sommerfest"), new Dictionary<string, long>(), _ => false).Html;
        Assert.That(html, Does.Not.Contain("<a"));
        Assert.That(html, Does.Contain("#Sommerfest"));
    }

    [Test]
    public void Links_keep_the_rest_of_the_text_and_its_formatting()
    {
        var html = Renderer.Render(Parse("Vor *kursiv* @anna, mitten #Thema und danach `code`."), new Dictionary<string, long> { ["anna"] = 1 }, _ => true).Html;
        Assert.That(html, Is.EqualTo("<p>Vor <em>kursiv</em> <a href=\"/people/1\" class=\"mention\">@anna</a>, mitten <a href=\"/topics/thema\" class=\"topic\">#Thema</a> und danach <code>code</code>.</p>\n"));
    }

    [Test]
    public void Plain_text_for_excerpts_keeps_the_signs() =>
        Assert.That(Renderer.Render(Parse("Hallo @anna zu #Thema"), new Dictionary<string, long> { ["anna"] = 1 }, _ => true).PlainText, Is.EqualTo("Hallo @anna zu #Thema"));

    [TestCase("Anna Berger", "anna.berger")]
    [TestCase("Jürgen Müller-Lüdenscheidt", "jürgen.müller.lüdenscheidt")]
    [TestCase("Dr. Katharina Berger", "dr.katharina.berger")]
    [TestCase("  Özlem   O'Neill ", "özlem.oneill")]
    [TestCase("René  -  Straße", "rené.straße")]
    [TestCase("---", "person")]
    public void Handles_come_from_display_names(string name, string handle) =>
        Assert.That(Handles.FromDisplayName(name), Is.EqualTo(handle));

    [Test]
    public void A_long_name_gives_a_handle_of_at_most_forty_characters()
    {
        var handle = Handles.FromDisplayName("Maximiliane Friederike Auguste von Hohenzollern-Sigmaringen");
        Assert.That(handle, Has.Length.LessThanOrEqualTo(Handles.MaxHandleLength));
        Assert.That(handle, Does.StartWith("maximiliane.friederike.auguste.von").And.Not.EndWith("."));
    }

    [Test]
    public void A_decomposed_name_gives_the_same_handle() =>
        Assert.That(Handles.FromDisplayName("Ju\u0308rgen"), Is.EqualTo("jürgen"));

    [Test]
    public void A_derived_handle_is_found_as_a_mention() =>
        Assert.That(Mentions("@" + Handles.FromDisplayName("Jürgen Müller-Lüdenscheidt") + "!"), Is.EqualTo(new[] { "jürgen.müller.lüdenscheidt" }));

    [Test]
    public void A_draft_renders_once()
    {
        var draft = Parse("x");
        Renderer.Render(draft, new Dictionary<string, long>(), _ => true);
        Assert.That(() => Renderer.Render(draft, new Dictionary<string, long>(), _ => true), Throws.InvalidOperationException);
    }
}
