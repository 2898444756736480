using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Mentions;

/// Rendered text with what it refers to: the people it mentions (active ones, by id) and, for a post, its topics.
public sealed record LinkedMarkdown(RenderedMarkdown Rendered, IReadOnlyList<long> MentionedIds, IReadOnlyList<TopicToken> Topics);

public static class LinkLimits
{
    public const int Mentions = 20;
    public const int Topics = 10;
}

/// Renders a post or comment once, at write time, with @mentions of active people and #topics as links.
/// Topics tag posts only: a topic in a comment links to the topic page if the topic exists, and tags nothing,
/// because post_tags has no room to say which comment brought a topic (an edit could not take it back).
public sealed class TextLinker(Database db, HandleStore handles, TopicStore topics, MarkdownRenderer markdown, IStringLocalizer<SharedResource> t)
{
    /// Null when the text breaks a rule; the reason is then in errors under field.
    public async Task<LinkedMarkdown?> RenderAsync(FieldErrors errors, string field, string body, MarkdownProfile profile, bool tagsPost, CancellationToken ct)
    {
        MarkdownDraft draft;
        try
        {
            draft = markdown.Parse(body, profile);
        }
        catch (MarkdownTooDeepException)
        {
            errors.Add(field, t["The text is nested too deeply."]);
            return null;
        }

        if (draft.Mentions.Count > LinkLimits.Mentions)
        {
            errors.Add(field, t["A text can mention at most {0} people.", LinkLimits.Mentions]);
        }
        else if (draft.Topics.Count > LinkLimits.Topics)
        {
            errors.Add(field, t["A text can have at most {0} topics.", LinkLimits.Topics]);
        }
        else if (draft.Topics.FirstOrDefault(x => x.Name.Length > Handles.MaxTopicLength) is { } tooLong)
        {
            errors.Add(field, t["The topic #{0} is longer than {1} characters.", MarkdownRenderer.Excerpt(tooLong.Name, 20), Handles.MaxTopicLength]);
        }

        if (errors.Any)
        {
            return null;
        }

        var people = await handles.ActiveIdsByHandleAsync(draft.Mentions, ct);
        IReadOnlySet<string> linkable;
        if (tagsPost)
        {
            linkable = draft.Topics.Select(x => x.Key).ToHashSet();
        }
        else
        {
            await using var connection = await db.OpenAsync(ct);
            linkable = await topics.ExistingKeysAsync(connection, draft.Topics.Select(x => x.Key).ToList(), ct);
        }

        try
        {
            var rendered = markdown.Render(draft, people, linkable.Contains);
            return new LinkedMarkdown(rendered, draft.Mentions.Where(people.ContainsKey).Select(k => people[k]).Distinct().ToList(), tagsPost ? draft.Topics : []);
        }
        catch (MarkdownTooDeepException)
        {
            errors.Add(field, t["The text is nested too deeply."]);
            return null;
        }
    }
}
