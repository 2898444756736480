using System.Diagnostics;

namespace Intranet.Blog.Tests.Integration.Bench;

/// The benchmark is not part of the test run, but its smoke mode is, so the bench code cannot rot.
[Category("Bench")]
public sealed class BenchSmokeTests
{
    [Test, CancelAfter(900_000)]
    public async Task Smoke_run_measures_every_scenario_and_writes_the_table(CancellationToken ct)
    {
        var repo = RepositoryRoot();
        var info = new ProcessStartInfo("bash", ["bench/run.sh", "--smoke"]) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);

        Assert.That(process.ExitCode, Is.EqualTo(0), await output + await error);
        var table = await File.ReadAllTextAsync(Path.Combine(repo, "bench", "results", "results-smoke.md"), ct);
        foreach (var id in new[] { "B0", "B1", "B2", "R1", "R3", "R4", "R6", "L1", "L2", "M1", "C1", "R1L" })
        {
            Assert.That(table, Does.Contain($"| {id} |"), id);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Intranet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Not inside the repository");
    }
}
