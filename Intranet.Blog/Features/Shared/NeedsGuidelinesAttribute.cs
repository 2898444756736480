namespace Intranet.Blog.Features.Shared;

/// Marks an action that writes in a person's name (posting, commenting, reacting): while the current social media
/// guidelines are published and not accepted by the signed-in person, Guidelines' gate refuses it. Here, not in
/// Guidelines, so the features it marks need not use Guidelines (which uses Posts for its diff).
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class NeedsGuidelinesAttribute : Attribute;
