namespace Intranet.Blog.Features.Shared;

/// The limit of the Markdown box _TextLimit.cshtml follows (the form's textarea), and whether going past it offers to
/// continue as an article (a new micropost). The box itself has no maxlength: a browser cuts off what is pasted
/// beyond it without a word, so the text is kept and the counter says how much is too much. Over: the text is past the
/// limit already (a refused micropost shown again), so the offer shows without script too.
public sealed record TextLimit(int Max, bool OfferArticle = false, bool Over = false);
