using Intranet.Blog.Features.Live;

namespace Intranet.Blog.Tests.Unit.Live;

public sealed class PresenceTests
{
    [Test]
    public void One_person_with_two_connections_counts_once()
    {
        var presence = new Presence();

        presence.Join("tab-1", userId: 7, postId: 1);
        var count = presence.Join("tab-2", userId: 7, postId: 1);

        Assert.That(count, Is.EqualTo(1));
    }

    [Test]
    public void Two_people_count_twice()
    {
        var presence = new Presence();

        presence.Join("a", userId: 7, postId: 1);
        var count = presence.Join("b", userId: 8, postId: 1);

        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public void Closing_one_of_two_tabs_keeps_the_person_present()
    {
        var presence = new Presence();
        presence.Join("tab-1", userId: 7, postId: 1);
        presence.Join("tab-2", userId: 7, postId: 1);
        presence.Join("other", userId: 8, postId: 1);

        var count = presence.Leave("tab-1", postId: 1);

        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public void A_disconnect_leaves_every_post_the_connection_watched()
    {
        var presence = new Presence();
        presence.Join("tab", userId: 7, postId: 1);
        presence.Join("tab", userId: 7, postId: 2);
        presence.Join("other", userId: 8, postId: 2);

        var left = presence.LeaveAll("tab");

        Assert.That(left, Is.EquivalentTo(new[] { (1L, 0), (2L, 1) }));
        Assert.That(presence.IsWatching("tab", 2), Is.False);
    }

    [Test]
    public void Leaving_a_post_never_joined_reports_nothing()
    {
        var presence = new Presence();

        Assert.That(presence.Leave("tab", postId: 1), Is.Null);
    }

    [Test]
    public void Typing_is_throttled_per_connection()
    {
        var presence = new Presence();
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var interval = TimeSpan.FromSeconds(2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(presence.TryTyping("tab", now, interval), Is.True);
            Assert.That(presence.TryTyping("tab", now.AddSeconds(1), interval), Is.False);
            Assert.That(presence.TryTyping("other", now.AddSeconds(1), interval), Is.True);
            Assert.That(presence.TryTyping("tab", now.AddSeconds(2), interval), Is.True);
        }
    }
}
