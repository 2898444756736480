using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Intranet.Blog.Tests.Support;

/// The one rule for tests that need a component a machine may lack (Chromium, an SMTP server, slapd, PostgreSQL,
/// Redis, root for a tmpfs, ...): without it they are skipped locally with a one-line hint on how to get it, and fail
/// under CI=true, where .ci/run installs and starts everything. On a fixture or a test:
/// [RequiresProgram("/usr/sbin/slapd", "sudo apt-get install slapd")]; a need that only trying finds out (mounting
/// needs root) throws Unmet from inside the test.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequiresProgramAttribute(string path, string install) : NUnitAttribute, IApplyToTest
{
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    public void ApplyToTest(Test test)
    {
        if (test.RunState is RunState.NotRunnable or RunState.Ignored || IsPresent())
        {
            return;
        }

        test.RunState = InCi ? RunState.NotRunnable : RunState.Ignored;
        test.Properties.Set(PropertyNames.SkipReason, Reason($"{Path.GetFileName(path)} is missing ({path})", $"install it with `{install}`", InCi));
    }

    /// What a test throws when it finds a need unmet: it is skipped locally and fails under CI=true.
    public static Exception Unmet(string what, string how) => Unmet(what, how, InCi);

    public static Exception Unmet(string what, string how, bool inCi) =>
        inCi ? new AssertionException(Reason(what, how, inCi)) : new IgnoreException(Reason(what, how, inCi));

    /// The rule's one wording: what is missing and how to get it, in one line.
    public static string Reason(string what, string how, bool inCi) => inCi
        ? $"{what}, and CI must run this test: .ci/run has to provide it ({how})"
        : $"Skipped, {what}: {how}";

    /// An absolute path must exist; a bare name is looked up on PATH.
    private bool IsPresent() => Path.IsPathRooted(path)
        ? File.Exists(path)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, path)));
}
