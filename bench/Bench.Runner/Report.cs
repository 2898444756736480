using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bench.Runner;

/// The results table: every figure, every ratio, met or missed per target; printed and written to results.md (or,
/// for a selection of groups, results-only.md). selection: the groups measured, when not all of them.
public sealed class Report(bool smoke, bool large, string? selection = null)
{
    private readonly List<(string Id, string What, string Figure, string Target, string Verdict)> _rows = [];

    public bool AllMet => _rows.All(r => r.Verdict is "met" or "" or "not run");

    public void Figure(string id, string what, string figure) => Add(id, what, figure, "baseline", "");

    public void Target(string id, string what, string figure, bool met, string target) => Add(id, what, figure, target, met ? "met" : "missed");

    public void Skipped(string id, string what, string why) => Add(id, what, why, "", "not run");

    private void Add(string id, string what, string figure, string target, string verdict)
    {
        _rows.Add((id, what, figure, target, verdict));
        Console.WriteLine($"  {id,-4} {verdict,-7} {what}: {figure}");
    }

    public async Task WriteAsync(string path)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results{(smoke ? " (smoke run: tiny data, seconds-long runs; figures mean nothing)" : "")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- commit: {Commit()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Machine()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- server pinned to core {Tools.ServerCpu}, load generator to core {Tools.LoadCpu} (taskset: {(Tools.CanPin ? "yes" : "no")}); throughput: {(Tools.Has("wrk") && !smoke ? "wrk" : "built-in closed loop")}; latency at 70 %: {(Tools.Has("hey") && !smoke ? "hey -q" : "built-in closed loop")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- data: standard (500 people, 10,000 posts, 50,000 comments, 200,000 reactions){(large ? " and large (5,000 / 200,000 / 1,000,000 / 3,000,000)" : "")}");
        if (selection is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- only the groups {selection} (`--only`; what their ratios are measured against included)");
        }

        text.AppendLine();
        text.AppendLine("| id | scenario | measured | target | verdict |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var r in _rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Id} | {r.What} | {r.Figure} | {r.Target} | {r.Verdict} |");
        }

        await File.WriteAllTextAsync(path, text.ToString());
        Console.WriteLine();
        Console.WriteLine(text);
        Console.WriteLine($"Written to {path}");
    }

    public static string Commit() => $"{Git("rev-parse --short HEAD")}{(Git("status --porcelain").Length > 0 ? " (with uncommitted changes)" : "")}";

    public static string Machine() => $"{Tools.Cores} cores, {Cpu()}, {Memory()}, {Environment.OSVersion}, .NET {Environment.Version}";

    private static string Git(string args)
    {
        try
        {
            var info = new ProcessStartInfo("git", args) { RedirectStandardOutput = true, WorkingDirectory = Paths.Repo };
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?" : "?";

    private static string Memory() =>
        File.Exists("/proc/meminfo") ? $"{long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0:F0} GiB RAM" : "?";
}
