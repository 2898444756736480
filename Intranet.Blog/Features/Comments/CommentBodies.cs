using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Comments;

/// Comments' bodies for Rerenderer (see PostBodies): the people a comment mentions linked again, and a topic linked
/// when the topic exists, as at write time.
public sealed class CommentBodies(Database db, CommentStore comments, MentionStore mentions, TopicStore topics, MarkdownRenderer markdown) : IStoredMarkdown
{
    public string Name => "comments";

    public async Task<long?> RerenderBatchAsync(long after, int take, CancellationToken ct)
    {
        var rendered = new List<(long Id, string BodyMd, string Html)>();
        await using (var connection = await db.OpenAsync(ct))
        {
            var stale = await comments.StaleBodiesAsync(connection, after, take, ct);
            if (stale.Count == 0)
            {
                return null;
            }

            foreach (var (id, postId, bodyMd) in stale)
            {
                try
                {
                    var draft = markdown.Parse(bodyMd, MarkdownProfile.Full);
                    var people = await mentions.LinkedAsync(connection, postId, id, ct);
                    var linkable = await topics.ExistingKeysAsync(connection, draft.Topics.Select(x => x.Key).ToList(), ct);
                    rendered.Add((id, bodyMd, markdown.Render(draft, people, linkable.Contains).Html));
                }
                catch (MarkdownTooDeepException)
                {
                    // Rendered once, so not expected; such a body keeps its HTML rather than stopping the others.
                }
            }

            after = stale[^1].Id;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        foreach (var (id, bodyMd, html) in rendered)
        {
            await comments.RerenderedAsync(scope.Connection, scope.Transaction, id, bodyMd, html);
        }

        await scope.CommitAsync(ct);
        return after;
    }
}
