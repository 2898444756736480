using System.Diagnostics;

namespace Intranet.Blog.Tests.Support;

/// A small file system of the test's own (tmpfs), to fill up or to mount read-only. Mounting needs root or
/// passwordless sudo, which CI has; without them the rule of RequiresProgramAttribute holds: skipped with the way to
/// run it, failed under CI=true.
/// Tests that mount one carry [Category(TestPasses.Extra), Category(TestPasses.Root)]: .ci/run runs them in a pass.
public sealed class Tmpfs : IDisposable
{
    private readonly List<string> _fillers = [];

    public string Path { get; }

    private Tmpfs(string path) => Path = path;

    public static Tmpfs Mount(string size, bool readOnly = false)
    {
        var path = Directory.CreateTempSubdirectory("intranet-blog-tmpfs-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0777{(readOnly ? ",ro" : "")}", "tmpfs", path);
        if (code == 0)
        {
            return new Tmpfs(path);
        }

        Directory.Delete(path);
        var reason = IsRoot ? $"mounting a tmpfs failed: {output.Trim()}" : $"mounting a tmpfs needs root or passwordless sudo ({output.Trim()})";
        throw RequiresProgramAttribute.Unmet(reason, "run as root or with passwordless sudo: `dotnet test --filter TestCategory=Root`");
    }

    /// Writes a file until the disk refuses more: afterwards not one more block fits.
    public void Fill()
    {
        var filler = System.IO.Path.Combine(Path, $"filler-{_fillers.Count}");
        _fillers.Add(filler);
        var block = new byte[64 * 1024];
        using var file = new FileStream(filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // Full: smaller writes take what little is left.
            foreach (var size in new[] { 4096, 512, 1 })
            {
                try
                {
                    while (true)
                    {
                        file.Write(block, 0, size);
                    }
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// Deletes what Fill wrote.
    public void Free()
    {
        foreach (var filler in _fillers)
        {
            File.Delete(filler);
        }

        _fillers.Clear();
    }

    public void Remount(bool readOnly) => Check(Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Check((int Code, string Output) result)
    {
        if (result.Code != 0)
        {
            throw new InvalidOperationException(result.Output);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// mount and umount as root, or through sudo -n (never asks for a password: without one it fails and the test is skipped).
    private static (int Code, string Output) Run(string command, params string[] args)
    {
        try
        {
            var start = IsRoot ? new ProcessStartInfo(command, args) : new ProcessStartInfo("sudo", ["-n", command, .. args]);
            start.RedirectStandardOutput = start.RedirectStandardError = true;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
