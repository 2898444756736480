namespace Intranet.Blog.Tests.Unit.Architecture;

/// Features use each other in one direction only: a new use that closes a circle fails here, naming the circle
/// and, for each step, the type or view that makes it.
public sealed class FeatureDependencyTests
{
    private static readonly FeatureGraph Graph = new(typeof(Program).Assembly);

    [Test]
    public void No_feature_reaches_back_to_a_feature_that_uses_it()
    {
        var cycles = Graph.Cycles();

        Assert.That(cycles, Is.Empty, "Cycles between features:\n" + string.Join("\n\n", cycles));
    }

    [Test]
    public void A_cycle_is_named_with_the_use_behind_each_step()
    {
        var graph = new FeatureGraph(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["Posts"] = new Dictionary<string, string> { ["Comments"] = "Show → _Comment.cshtml", ["People"] = "PostRow → PersonCard" },
            ["Comments"] = new Dictionary<string, string> { ["Reactions"] = "CommentView → ReactionBar" },
            ["Reactions"] = new Dictionary<string, string> { ["Posts"] = "ReactionService → PostStore" },
            ["People"] = new Dictionary<string, string>(),
        });

        var cycles = graph.Cycles();

        Assert.That(cycles, Has.Count.EqualTo(1));
        Assert.That(cycles[0], Does.StartWith("Comments → Reactions → Posts → Comments"));
        Assert.That(cycles[0], Does.Contain("Reactions → Posts   (ReactionService → PostStore)"));
        Assert.That(cycles[0], Does.Not.Contain("People"));
        Assert.That(graph.Cycles(ignoring: new HashSet<string> { "Reactions → Posts" }), Is.Empty);
    }

    [Test]
    public void The_graph_sees_uses_through_types_bodies_and_view_paths()
    {
        // Guards the reader itself: each kind of use it must see, from code that stays as it is.
        Assert.Multiple(() =>
        {
            Assert.That(Graph.Features, Is.SupersetOf(new[] { "Posts", "Comments", "People", "Live", "Shared" }));
            Assert.That(Graph.Uses["Live"], Does.ContainKey("Posts"), "a constructor parameter");
            Assert.That(Graph.Uses["Feed"], Does.ContainKey("Topics"), "a partial's path");
            Assert.That(Graph.Uses["Comments"], Does.ContainKey("People"), "a view's partial path");
        });
    }
}
