using System.Reflection;

namespace Intranet.Blog.Infrastructure;

/// wwwroot/ and migrations/ sit at the repository root; a published app carries both next to its binaries.
/// Walking up from the binaries finds whichever layout this is, for `dotnet run`, the tests and a container alike.
/// The output of `dotnet build -o <dir>` carries only the migrations, so the checkout it was built from (recorded in
/// the assembly at build time) is the next place to look.
public static class AppLayout
{
    public static string Root { get; } = Locate(AppContext.BaseDirectory, BuiltFrom());

    public static string WebRoot => Path.Combine(Root, "wwwroot");

    public static string Migrations => Path.Combine(Root, "migrations");

    /// The numbered scripts of each database engine, one folder per engine, numbered alike.
    public static string SqliteMigrations => Path.Combine(Migrations, "sqlite");

    public static string PostgresMigrations => Path.Combine(Migrations, "postgres");

    public static string Locate(string baseDirectory, string? builtFrom)
    {
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Holds(dir.FullName))
            {
                return dir.FullName;
            }
        }

        if (builtFrom is not null && Holds(builtFrom))
        {
            return builtFrom;
        }

        throw new InvalidOperationException(
            $"Cannot find wwwroot/ and migrations/ next to the app ({baseDirectory}) or in the checkout it was built from ({builtFrom ?? "unknown"}). "
            + "To run the app from another directory, use the output of `dotnet publish -o <dir>`, which carries both.");
    }

    private static bool Holds(string directory) =>
        Directory.Exists(Path.Combine(directory, "wwwroot")) && Directory.Exists(Path.Combine(directory, "migrations"));

    private static string? BuiltFrom() =>
        typeof(AppLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
}
