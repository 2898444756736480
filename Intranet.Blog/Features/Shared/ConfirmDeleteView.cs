namespace Intranet.Blog.Features.Shared;

/// The page a delete button leads to without script: the question, what would go (an excerpt), where the button posts
/// and where "Cancel" returns to.
public sealed record ConfirmDeleteView(string Question, string What, string Action, string CancelUrl);
