using System.Diagnostics;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Bench;

/// The benchmark is not part of the test run, but its smoke mode is, so the bench code cannot rot. The test project's
/// build compiles the bench projects against the current app (they are project references), so this runs the
/// runner as built rather than rebuilding five projects in Release inside the suite; run.sh still does that.
[Category(TestPasses.Extra), Category(TestPasses.Bench), NonParallelizable]
public sealed class BenchSmokeTests
{
    [Test, CancelAfter(900_000)]
    public async Task Smoke_run_measures_every_scenario_and_writes_the_table(CancellationToken ct)
    {
        var repo = AppLayout.Root;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var runner = Path.Combine(repo, "bench", "Bench.Runner", "bin", configuration, "net10.0", "Bench.Runner.dll");
        var info = new ProcessStartInfo("dotnet", [runner, "--smoke"]) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.That(process.ExitCode, Is.EqualTo(0), await output + await error);
        var table = await File.ReadAllTextAsync(Path.Combine(repo, "bench", "results", "results-smoke.md"), ct);
        foreach (var id in new[] { "B0", "B1", "B2", "R1", "R3", "R4", "R6", "L1", "L2", "M1", "C1", "R1L", "Q1", "Q2", "Q3" })
        {
            Assert.That(table, Does.Contain($"| {id} |"), id);
        }
    }
}
