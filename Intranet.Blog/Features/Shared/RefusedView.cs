namespace Intranet.Blog.Features.Shared;

/// A refused action without script: the page's title, why, and the way back (Features/Shared/Refused.cshtml).
public sealed record RefusedView(string Title, string Message, string BackUrl);
