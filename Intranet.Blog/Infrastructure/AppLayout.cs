namespace Intranet.Blog.Infrastructure;

/// wwwroot/ and migrations/ sit at the repository root; a published app carries both next to its binaries.
/// Walking up from the binaries finds whichever layout this is, for `dotnet run`, the tests and a container alike.
public static class AppLayout
{
    public static string Root { get; } = Locate();

    public static string WebRoot => Path.Combine(Root, "wwwroot");

    public static string Migrations => Path.Combine(Root, "migrations");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "wwwroot")) && Directory.Exists(Path.Combine(dir.FullName, "migrations")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find wwwroot/ and migrations/ above {AppContext.BaseDirectory}");
    }
}
