using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.People;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.AnonymousQuestions;

/// Tells the moderators' open screens that the queue changed, straight to their connections and without an events
/// row: a row in the live log would carry the moment a question arrived, between the asker's own rows before and
/// after it. After commit; a lost push costs nothing, the queue shows what waits when it loads.
public sealed class QuestionsPusher(AnonymousQuestionStore store, PeopleStore people, IHubContext<LiveHub, ILiveClient> hub, ILogger<QuestionsPusher> logger)
{
    public async Task PushAsync(CancellationToken ct)
    {
        try
        {
            var update = new QuestionsUpdate(await store.WaitingCountAsync(ct));
            foreach (var admin in await people.AdminIdsAsync(ct))
            {
                await hub.Clients.Group(LiveGroups.User(admin)).Questions(update);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The question queue's live update failed; the queue shows it on reload");
        }
    }
}
