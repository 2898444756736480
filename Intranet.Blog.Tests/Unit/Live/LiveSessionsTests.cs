using System.Security.Claims;
using Intranet.Blog.Features.Live;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Tests.Unit.Live;

/// The broadcaster renders a card only in the languages someone reads in; these counts decide which.
public sealed class LiveSessionsTests
{
    [Test]
    public void Nobody_connected_reads_in_no_language()
    {
        var sessions = new LiveSessions();

        Assert.That((sessions.HasReaders("de"), sessions.HasReaders("en")), Is.EqualTo((false, false)));
    }

    [Test]
    public void A_connection_makes_its_own_language_read_and_no_other()
    {
        var sessions = new LiveSessions();

        sessions.Add(7, "en", new Connection("a"));

        Assert.That((sessions.HasReaders("de"), sessions.HasReaders("en")), Is.EqualTo((false, true)));
    }

    [Test]
    public void A_language_stays_read_until_its_last_connection_closes()
    {
        var sessions = new LiveSessions();
        sessions.Add(7, "de", new Connection("a"));
        sessions.Add(8, "de", new Connection("b"));

        sessions.Remove("a");
        var afterOne = sessions.HasReaders("de");
        sessions.Remove("b");

        Assert.That((afterOne, sessions.HasReaders("de")), Is.EqualTo((true, false)));
    }

    [Test]
    public void Closing_a_connection_twice_or_one_never_opened_counts_nothing()
    {
        var sessions = new LiveSessions();
        sessions.Add(7, "de", new Connection("a"));
        sessions.Add(8, "de", new Connection("b"));

        sessions.Remove("a");
        sessions.Remove("a");
        sessions.Remove("never");

        Assert.That(sessions.HasReaders("de"), Is.True);
    }

    [Test]
    public void Ending_a_persons_sessions_aborts_only_their_connections()
    {
        var sessions = new LiveSessions();
        var mine = new Connection("a");
        var theirs = new Connection("b");
        sessions.Add(7, "de", mine);
        sessions.Add(8, "en", theirs);

        var ended = sessions.End(7);

        Assert.That((ended, mine.Aborted, theirs.Aborted), Is.EqualTo((1, true, false)));
    }

    private sealed class Connection(string id) : HubCallerContext
    {
        public bool Aborted { get; private set; }

        public override string ConnectionId => id;

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort() => Aborted = true;
    }
}
