using Intranet.Blog.Features.Shared;

namespace Intranet.Blog.Tests.Unit.Reactions;

/// A bar's key decides whether a kept comment or card is written again (RenderedFragments): two bars that show the
/// same must share it, and any count or own reaction that differs must not.
public sealed class ReactionBarTests
{
    private static ReactionCount Count(long comment, string kind, int count = 1) => new() { PostId = 1, CommentId = comment, Kind = kind, Count = count };

    [Test]
    public void A_bar_takes_only_its_own_target_and_its_key_follows_what_it_shows()
    {
        ReactionCount[] counts = [Count(7, "like", 3), Count(7, "funny"), Count(8, "like", 9), new() { PostId = 1, Kind = "like", Count = 5 }];
        var bar = ReactionBar.From(1, 7, counts, [Count(7, "funny"), Count(8, "like")]);

        Assert.That(bar.Counts, Is.EquivalentTo(new Dictionary<string, int> { ["like"] = 3, ["funny"] = 1 }));
        Assert.That(bar.Mine, Is.EquivalentTo(new[] { "funny" }));
        Assert.That(bar.Total, Is.EqualTo(4));
        Assert.That(ReactionBar.From(1, null, counts, []).Counts, Is.EquivalentTo(new Dictionary<string, int> { ["like"] = 5 }), "the post's own bar, not its comments'");

        var same = ReactionBar.From(1, 7, counts.Reverse(), [Count(7, "funny")]);
        Assert.That(same.Key, Is.EqualTo(bar.Key), "the order the counts come in does not matter");
        Assert.That(ReactionBar.From(1, 7, [Count(7, "like", 4), Count(7, "funny")], [Count(7, "funny")]).Key, Is.Not.EqualTo(bar.Key), "another count");
        Assert.That(ReactionBar.From(1, 7, counts, []).Key, Is.Not.EqualTo(bar.Key), "not the reader's own any more");
        Assert.That(ReactionBar.From(1, 7, counts, [Count(7, "like")]).Key, Is.Not.EqualTo(bar.Key), "another own reaction");
    }

    [Test]
    public void Bars_nobody_reacted_to_are_empty_and_share_one_key()
    {
        var empty = ReactionBar.From(1, 7, [Count(8, "like")], []);
        Assert.That((empty.Counts.Count, empty.Mine.Count, empty.Total), Is.EqualTo((0, 0, 0)));
        Assert.That(empty.Key, Is.EqualTo(ReactionBar.From(1, 9, [], []).Key));
        Assert.That(empty.Key, Is.Not.EqualTo(ReactionBar.From(1, 7, [], [Count(7, "like")]).Key), "an own reaction without a count yet (pushed late) is not nothing");
    }
}
