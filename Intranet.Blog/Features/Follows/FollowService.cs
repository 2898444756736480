using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Topics;

namespace Intranet.Blog.Features.Follows;

/// Follows only what exists, asked of the feature that owns it. People, departments and topics are never deleted,
/// so the check can come before the write's transaction.
public sealed class FollowService(FollowStore follows, PeopleStore people, DepartmentStore departments, TopicStore topics)
{
    /// Null when the target does not exist; otherwise whether the person follows it now.
    public async Task<bool?> SetAsync(long userId, string kind, long targetId, bool follow, CancellationToken ct)
    {
        var exists = kind switch
        {
            FollowKinds.Person => await people.ExistsAsync(targetId, ct),
            FollowKinds.Department => await departments.ExistsAsync(targetId, ct),
            FollowKinds.Topic => await topics.ExistsAsync(targetId, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (!exists)
        {
            return null;
        }

        await follows.SetAsync(userId, kind, targetId, follow, ct);
        return follow;
    }
}
