using Intranet.Blog.Tests.Support;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Intranet.Blog.Tests.Unit.Suite;

/// The one rule for a component a machine may lack, whether an attribute finds it missing or a test finds out by trying.
public sealed class RequiresProgramTests
{
    [Test]
    public void A_need_found_unmet_inside_a_test_is_skipped_with_a_one_line_hint_and_fails_under_CI()
    {
        var local = RequiresProgramAttribute.Unmet("mounting a tmpfs needs root", "run as root", inCi: false);
        var ci = RequiresProgramAttribute.Unmet("mounting a tmpfs needs root", "run as root", inCi: true);

        Assert.That(local, Is.TypeOf<IgnoreException>().With.Message.EqualTo("Skipped, mounting a tmpfs needs root: run as root"));
        Assert.That(ci, Is.TypeOf<AssertionException>());
        Assert.That(ci.Message, Does.StartWith("mounting a tmpfs needs root, and CI must run this test").And.EndWith("(run as root)"));
        Assert.That(ci.Message, Does.Not.Contain('\n'));
    }

    [Test]
    public void A_missing_program_skips_the_test_or_under_CI_fails_it_and_a_program_on_PATH_leaves_it_alone()
    {
        var missing = Sample();
        var present = Sample();

        new RequiresProgramAttribute("/nonexistent/slapd", "sudo apt-get install slapd").ApplyToTest(missing);
        new RequiresProgramAttribute("sh", "sudo apt-get install dash").ApplyToTest(present);

        Assert.That(missing.RunState, Is.EqualTo(RequiresProgramAttribute.InCi ? RunState.NotRunnable : RunState.Ignored));
        Assert.That(missing.Properties.Get(PropertyNames.SkipReason),
            Is.EqualTo(RequiresProgramAttribute.Reason("slapd is missing (/nonexistent/slapd)", "install it with `sudo apt-get install slapd`", RequiresProgramAttribute.InCi)));
        Assert.That(present.RunState, Is.EqualTo(RunState.Runnable));
    }

    private static TestMethod Sample() => new(new MethodWrapper(typeof(RequiresProgramTests), nameof(A_missing_program_skips_the_test_or_under_CI_fails_it_and_a_program_on_PATH_leaves_it_alone)));
}
