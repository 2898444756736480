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
    private static string Results => Path.Combine(AppLayout.Root, "bench", "results");

    [Test, CancelAfter(900_000)]
    public async Task Smoke_run_measures_every_scenario_and_writes_the_table(CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(["--smoke"], ct);

        Assert.That(exitCode, Is.EqualTo(0), output);
        var table = await File.ReadAllTextAsync(Path.Combine(Results, "results-smoke.md"), ct);
        foreach (var id in new[] { "B0", "B1", "B2", "R1", "R1V", "R3", "R4", "R6", "L1", "L2", "M1", "C1", "R1L", "Q1", "Q1V", "Q2", "Q3", "R1P", "R4P", "L1P", "L1N" })
        {
            Assert.That(table, Does.Contain($"| {id} |"), id);
        }
    }

    [Test, CancelAfter(300_000)]
    public async Task Only_measures_the_groups_asked_for_and_what_their_ratios_are_measured_against(CancellationToken ct)
    {
        var written = Path.Combine(Results, "results-smoke-only.md");
        File.Delete(written);

        var (exitCode, output) = await RunAsync(["--smoke", "--only", "S1"], ct);

        Assert.That(exitCode, Is.EqualTo(0), output);
        var table = await File.ReadAllTextAsync(written, ct);
        Assert.Multiple(() =>
        {
            Assert.That(table, Does.Contain("| S1 |"));
            Assert.That(table, Does.Contain("| B1 |"), "S1 is a share of B1, measured in the same run");
            foreach (var id in new[] { "B0", "B2", "S0", "R1", "C1", "R1L" })
            {
                Assert.That(table, Does.Not.Contain($"| {id} |"), id);
            }
        });
    }

    [Test, CancelAfter(120_000)]
    public async Task An_unknown_group_is_refused_with_the_list_of_groups(CancellationToken ct)
    {
        var (exitCode, output) = await RunAsync(["--smoke", "--only", "S1,X9"], ct);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("no group \"X9\"").And.Contain("B0 B1 B3 A0 S0 S1 R1"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args, CancellationToken ct)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var runner = Path.Combine(AppLayout.Root, "bench", "Bench.Runner", "bin", configuration, "net10.0", "Bench.Runner.dll");
        var info = new ProcessStartInfo("dotnet", [runner, .. args]) { WorkingDirectory = AppLayout.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }
}
