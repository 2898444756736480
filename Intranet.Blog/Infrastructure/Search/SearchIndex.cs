namespace Intranet.Blog.Infrastructure.Search;

/// The one difference search makes between the engines (issue 26): how the index is queried. Both index the same
/// thing, what SearchText makes of the rows (stems, and the parts that find compounds), so a query finds the same on
/// either; only the syntax of the match and of a few SQL fragments differs. The stores that search (SearchStore,
/// PeopleStore) compose their statements from these fragments once, and pass TextMatch or NameMatch as @match.
/// A document is id * 8 + its kind (Doc): the doc column on PostgreSQL, the rowid of FTS5's tables on SQLite, where a
/// comment's is 2^50 above that (Fts5.PostHitsWhere).
public abstract class SearchIndex
{
    /// The kinds of document, the low three bits of a document's number.
    public static class Doc
    {
        public const int Post = 1;
        public const int Comment = 2;
        public const int Person = 3;
        public const int Topic = 4;
        public const int Department = 5;
    }

    /// The relevance of the hit h, a post or a comment (one scale for both), lower is better. A word in the title
    /// counts more than one in the body, a compound part half as much (each engine says how much).
    public abstract string Score { get; }

    /// The text hits h, posts and comments in one index: a query narrows them to posts (PostHitsWhere) or comments
    /// (CommentHitsWhere), joins the post or comment each is (HitId) and orders by NewestFirst, with a LIMIT, so the
    /// index hands out the newest hits first without ranking them all.
    public abstract string Hits { get; }

    public abstract string PostHitsWhere { get; }

    public abstract string CommentHitsWhere { get; }

    public abstract string HitDoc { get; }

    public abstract string HitId { get; }

    public abstract string NewestFirst { get; }

    /// The posts (p) and comments (c) a hit is looked up in.
    public abstract string PostsOfHits { get; }

    public abstract string CommentsOfHits { get; }

    /// People, topics and departments matching @match, of one kind (@kind, a Doc value): doc, id, score.
    public abstract string NameHitsSql { get; }

    /// The match for posts and comments; null when there is nothing to look for.
    public string? TextMatch(SearchQuery query) => Match(query, names: false);

    /// The match for posts with every word in their title (whole words, no compound parts): the suggestions name
    /// those first. A word left out (-word) is left out of the whole post.
    public string? TitleMatch(SearchQuery query) => Match(query, names: false, titles: true);

    /// The match for people, topics and departments: every word may be the start of one (names are typed partly:
    /// "mül" finds "Müller").
    public string? NameMatch(SearchQuery query) => Match(query, names: true);

    /// Where a term is looked for: the words themselves (title and body, or name and about), the title's words only,
    /// or the parts.
    protected enum Column
    {
        Words,
        Title,
        Parts,
    }

    /// The terms in order, adjacent (one term: itself); prefix: the last one is the start of a word.
    protected abstract string Phrase(Column column, bool names, IReadOnlyList<string> terms, bool prefix);

    protected abstract string AnyOf(IEnumerable<string> alternatives);

    protected abstract string AllOf(IEnumerable<string> matches);

    protected abstract string Without(string match, string excluded);

    private string? Match(SearchQuery query, bool names, bool titles = false)
    {
        if (!query.HasTerms)
        {
            return null;
        }

        var match = AllOf(query.All.Select(group => AnyOf(group.Select(t => Term(t, names, titles)))));
        return query.None.Aggregate(match, (current, term) => Without(current, Term(term, names, titles: false)));
    }

    /// Words are letters and digits only (SearchText.Words), so no input reaches either engine's operators.
    private string Term(SearchTerm term, bool names, bool titles)
    {
        var words = titles ? Column.Title : Column.Words;
        var stems = term.Words.Select(SearchText.Stem).ToList();
        if (term.Words.Count > 1)
        {
            return Phrase(words, names, stems, term.Prefix);
        }

        var word = term.Words[0];
        var stem = stems[0];
        var alternatives = new List<string> { Phrase(words, names, [stem], prefix: false) };
        if (!term.Quoted)
        {
            var prefix = term.MinPrefix(names);
            if (word.Length >= prefix)
            {
                // A finished word finds the longer words it starts among the heads (SearchText.Parts), not itself
                // again; a word being typed finds itself too, and names are searched as typed.
                if (names || term.Prefix)
                {
                    alternatives.Add(Phrase(words, names, [word], prefix: true));
                }
                else if (!titles)
                {
                    alternatives.Add(Phrase(Column.Parts, names, [SearchText.Head + word], prefix: true));
                }
            }

            if (term.StemStarts(names) && stem != word && stem.Length >= prefix)
            {
                alternatives.Add(Phrase(words, names, [stem], prefix: true));
            }

            if (!titles && stem.Length >= SearchText.MinPart)
            {
                alternatives.Add(Phrase(Column.Parts, names, [SearchText.Reverse(stem)], prefix: true));
            }
        }

        return AnyOf(alternatives);
    }
}
