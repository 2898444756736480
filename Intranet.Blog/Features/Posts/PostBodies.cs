using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Posts;

/// Posts' bodies for Rerenderer: rendered as at write time (micro inline, others full), with the people the post
/// mentions linked again and every topic linked (a post's topics are its own tags).
public sealed class PostBodies(Database db, PostStore posts, MentionStore mentions, MarkdownRenderer markdown) : IStoredMarkdown
{
    public string Name => "posts";

    public async Task<long?> RerenderBatchAsync(long after, int take, CancellationToken ct)
    {
        var rendered = new List<(long Id, string BodyMd, RenderedMarkdown Result)>();
        await using (var connection = await db.OpenAsync(ct))
        {
            var stale = await posts.StaleBodiesAsync(connection, after, take, ct);
            if (stale.Count == 0)
            {
                return null;
            }

            foreach (var (id, kind, bodyMd) in stale)
            {
                var people = await mentions.LinkedAsync(connection, id, null, ct);
                var profile = kind == PostKinds.Micro ? MarkdownProfile.Inline : MarkdownProfile.Full;
                try
                {
                    rendered.Add((id, bodyMd, markdown.Render(markdown.Parse(bodyMd, profile), people, _ => true)));
                }
                catch (MarkdownTooDeepException)
                {
                    // Rendered once, so not expected; such a body keeps its HTML rather than stopping the others.
                }
            }

            after = stale[^1].Id;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        foreach (var (id, bodyMd, result) in rendered)
        {
            await posts.RerenderedAsync(scope.Connection, scope.Transaction, id, bodyMd, result.Html, MarkdownRenderer.Excerpt(result.PlainText, PostLimits.Excerpt));
        }

        await scope.CommitAsync(ct);
        return after;
    }
}
