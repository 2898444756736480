using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Intranet.Blog.Tests.Support;

/// The one rule for tests that need a component a machine may lack (Chromium, an SMTP server, slapd, PostgreSQL,
/// Redis, ...): without it they are skipped locally with a one-line install hint, and fail under CI=true, where
/// .ci/run installs and starts everything. On a fixture or a test: [RequiresProgram("/usr/sbin/slapd", "sudo apt-get install slapd")].
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

        var name = Path.GetFileName(path);
        test.RunState = InCi ? RunState.NotRunnable : RunState.Ignored;
        test.Properties.Set(PropertyNames.SkipReason, InCi
            ? $"{name} is missing ({path}), and CI must run these tests: .ci/run installs it with `{install}`"
            : $"Skipped, {name} is missing: install it with `{install}`");
    }

    /// An absolute path must exist; a bare name is looked up on PATH.
    private bool IsPresent() => Path.IsPathRooted(path)
        ? File.Exists(path)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, path)));
}
