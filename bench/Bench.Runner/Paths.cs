namespace Bench.Runner;

public static class Paths
{
    public static string Repo { get; } = Locate();
    public static string Bench => Path.Combine(Repo, "bench");
    public static string Migrations => Path.Combine(Repo, "migrations", "sqlite");
    public static string Work => Path.Combine(Bench, "results");

    // The servers run in the configuration the runner was built in: Release from run.sh, Debug when the test suite's
    // own build compiled them for the smoke test.
    private static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string AppDll => Path.Combine(Repo, "Intranet.Blog", "bin", Configuration, "net10.0", "Intranet.Blog.dll");
    public static string PlainDll => Path.Combine(Bench, "Baseline.Plain", "bin", Configuration, "net10.0", "Baseline.Plain.dll");
    public static string LiveDll => Path.Combine(Bench, "Baseline.Live", "bin", Configuration, "net10.0", "Baseline.Live.dll");
    public static string MvcDll => Path.Combine(Bench, "Baseline.Mvc", "bin", Configuration, "net10.0", "Baseline.Mvc.dll");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Intranet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository");
    }
}
