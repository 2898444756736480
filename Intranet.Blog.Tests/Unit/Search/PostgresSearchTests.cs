using Intranet.Blog.Infrastructure.Search;

namespace Intranet.Blog.Tests.Unit.Search;

/// What PostgreSQL's index is told: the vector in PostgreSQL's text form, and the query as the same SearchQuery gives
/// it to FTS5 on SQLite (what either finds is tested on both engines by the integration tests).
public sealed class PostgresSearchTests
{
    [Test]
    public void A_vector_numbers_the_terms_of_each_column_with_its_weight_and_a_gap_between_columns()
    {
        var vector = PostgresSearch.Vector(("urlaub antrag", 'A'), ("antrag", 'B'), ("\uE000urlau", 'C'));

        Assert.That(vector, Is.EqualTo("'urlaub':1A 'antrag':2A,4B '\uE000urlau':6C"));
    }

    [Test]
    public void A_vector_keeps_within_postgresqls_limits_and_quotes_what_it_must()
    {
        var long_ = string.Join(' ', Enumerable.Repeat("wort", 20_000));

        var vector = PostgresSearch.Vector((long_, 'B'), ("ende", 'B'), ("it's a\\b", 'A'));

        Assert.That(vector, Does.StartWith("'wort':1B,2B,"));
        Assert.That(vector.Split(' ')[0].Split(',').Length, Is.EqualTo(256), "256 positions per term at most");
        Assert.That(vector, Does.Contain("'ende':16383B"), "positions end at 16,383");
        Assert.That(vector, Does.Contain("'it''s':16383A").And.Contain("'a\\\\b':16383A"));
    }

    // Each group in parentheses, and each word's alternatives: its stem, the longer words it starts (the heads among
    // the parts) and, from five letters, the compounds its stem ends (reversed, among the parts).
    [TestCase("Urlaubsantrag", "(('urlaubsantrag':AB | '\uE000urlaubsantrag':*C | 'gartnasbualru':*C))")]
    [TestCase("\"Neue Kantine\"", "(('neu':AB <-> 'kantin':AB))")]
    [TestCase("Rat -Art", "(('rat':AB)) & !('art':AB)")]
    [TestCase("Reise OR Urlaub", "(('reis':AB | '\uE000reise':*C) | ('urlaub':AB | '\uE000urlaub':*C | 'bualru':*C))")]
    public void A_query_asks_what_fts5_asks_in_tsquerys_words(string typed, string expected)
    {
        Assert.That(new PostgresSearch().TextMatch(SearchQuery.Parse(typed)), Is.EqualTo(expected));
    }

    [Test]
    public void Names_are_found_as_typed_in_part()
    {
        Assert.That(new PostgresSearch().NameMatch(SearchQuery.ParseTyping("mül")), Is.EqualTo("(('mul':AB | 'mul':*AB))"));
    }
}
