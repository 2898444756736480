namespace Intranet.Blog.Tests.Support;

/// The demo organisation, seeded once per test run into a template data directory; each browser fixture starts
/// from a copy of it instead of seeding its own (seeding is the slowest part of a fixture's start).
public static class DemoTemplate
{
    private static readonly Lazy<Task<(string Directory, string? Database)>> Template = new(SeedAsync);

    /// The app starts on a copy of the demo: its data directory, and on the PostgreSQL pass its database.
    public static async Task CopyToAsync(BlogAppFactory app)
    {
        await CopyToAsync(app.DataDirectory);
        app.PostgresTemplate = (await Template.Value).Database;
    }

    /// Copies the seeded data directory (database, keys, photos) to an empty one. The template was closed with its
    /// pools cleared, which checkpoints the WAL, so the files are complete as they lie.
    public static async Task CopyToAsync(string dataDirectory)
    {
        var (template, _) = await Template.Value;
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(template, file);
            if (relative is "app.lock")
            {
                continue;
            }

            var target = Path.Combine(dataDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// Run once at the end of the test run (TestRunCleanup).
    public static void Delete()
    {
        if (Template.IsValueCreated && Template.Value.IsCompletedSuccessfully && Directory.Exists(Template.Value.Result.Directory))
        {
            Directory.Delete(Template.Value.Result.Directory, recursive: true);
        }
    }

    private static async Task<(string, string?)> SeedAsync()
    {
        await using var factory = new BlogAppFactory(seedDemo: true) { KeepData = true };
        _ = factory.Services; // starting the host migrates and seeds
        return (factory.DataDirectory, factory.PostgresDatabase);
    }
}
