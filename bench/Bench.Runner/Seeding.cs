using Intranet.Blog.Infrastructure.Search;
using System.Globalization;
using System.Diagnostics;
using Intranet.Blog;
using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bench.Runner;

/// Builds a scale database with the demo's own seeding code (Bogus, through the stores, in batched transactions),
/// so the benchmark measures the data the product really writes.
public static class Seeding
{
    /// Written next to a seeded database: how long building its search index from scratch took, in seconds.
    public const string IndexSecondsFile = "search-index-seconds.txt";

    /// The seconds the search index of a seeded data directory took to build, when it was seeded in this version.
    public static double? IndexSeconds(string dataDirectory) =>
        File.Exists(Path.Combine(dataDirectory, IndexSecondsFile))
            ? double.Parse(File.ReadAllText(Path.Combine(dataDirectory, IndexSecondsFile)), CultureInfo.InvariantCulture) : null;

    public static async Task<ServiceProvider> ServicesAsync(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IOptions<IntranetOptions>>(Options.Create(new IntranetOptions { DataDirectory = dataDirectory, SeedDemo = false }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReadOnlyMode>();
        // The bench measures the embedded engine; the stores ask for the engine-neutral seam.
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<Database>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddSingleton(new MigrationFiles(Paths.Migrations));
        services.AddSingleton<SearchIndex, Fts5>();
        services.AddSingleton<Migrator>();
        // The search index is kept by triggers while seeding; this step marks it built, as the app's start would.
        services.AddSingleton<IDataMigration, SearchIndexBuild>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<PeopleStore>();
        services.AddSingleton<Intranet.Blog.Features.Admin.PeopleAdminStore>();
        services.AddSingleton<Intranet.Blog.Features.Admin.Enrolment>();
        services.AddSingleton<Intranet.Blog.Features.Mentions.HandleStore>();
        services.AddSingleton<Intranet.Blog.Features.Profiles.ProfileStore>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<InfluencerStore>();
        services.AddSingleton<PinStore>();
        services.AddSingleton<PostStore>();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<ReactionStore>();
        services.AddSingleton<ReachStore>();
        services.AddSingleton<Intranet.Blog.Features.Topics.TopicStore>();
        services.AddSingleton<Intranet.Blog.Features.Mentions.MentionStore>();
        services.AddSingleton<Intranet.Blog.Features.Ideas.IdeaStore>();
        services.AddSingleton<FollowStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<DemoSeeder>();
        DapperSetup.Configure();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Migrator>().MigrateAsync();
        return provider;
    }

    /// A fresh copy of the seeded database for this run: the scenarios write thousands of posts, notifications and
    /// reactions, and a run on the leftovers of earlier runs would measure those, not the scale asked for. workingName names a
    /// second working copy of the same seed (the one moved into PostgreSQL).
    public static async Task<string> PrepareAsync(string name, DemoScale scale, string? workingName = null)
    {
        var seeded = Path.Combine(Paths.Work, name + "-seeded");
        await EnsureAsync(seeded, scale);
        var working = Path.Combine(Paths.Work, workingName ?? name);
        if (Directory.Exists(working))
        {
            Directory.Delete(working, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(seeded, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(working, Path.GetRelativePath(seeded, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return working;
    }

    /// Seeds unless the directory already holds a database of this scale (a marker file records it).
    private static async Task EnsureAsync(string dataDirectory, DemoScale scale)
    {
        var marker = Path.Combine(dataDirectory, "scale.txt");
        if (File.Exists(marker) && await File.ReadAllTextAsync(marker) == scale.ToString())
        {
            // Seeded by an older version, the copy would miss the columns and tables added since ("no such column"):
            // the app's own migrations bring it up to date, as they would a company's database.
            Console.WriteLine($"  reusing {dataDirectory} ({scale}), migrated to the current schema");
            await (await ServicesAsync(dataDirectory)).DisposeAsync();
            return;
        }

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        Directory.CreateDirectory(dataDirectory);
        await using var provider = await ServicesAsync(dataDirectory);
        var clock = Stopwatch.StartNew();
        var stepClock = Stopwatch.StartNew();
        var currentStep = "";
        await provider.GetRequiredService<DemoSeeder>().SeedAsync(scale, (step, done, total) =>
        {
            if (step != currentStep)
            {
                if (currentStep.Length > 0)
                {
                    Console.WriteLine();
                }

                currentStep = step;
                stepClock.Restart();
            }

            var width = 30;
            var filled = (int)((long)width * done / Math.Max(1, total));
            var rate = done / Math.Max(0.001, stepClock.Elapsed.TotalSeconds);
            Console.Write($"\r  {step,-10} [{new string('#', filled)}{new string('.', width - filled)}] {done,9:N0}/{total:N0}  {rate,9:N0}/s");
        });
        Console.WriteLine();
        Console.WriteLine($"  seeded in {clock.Elapsed.TotalSeconds:F1} s");

        // Issue 12: building the search index for the data from scratch, as the migration step does it.
        var indexClock = Stopwatch.StartNew();
        await using (var scope = await provider.GetRequiredService<Database>().BeginWriteAsync())
        {
            await Fts5.RebuildAsync(scope.Connection, scope.Transaction, (_, _) => { }, CancellationToken.None);
            await scope.CommitAsync();
        }

        Console.WriteLine($"  search index built from scratch in {indexClock.Elapsed.TotalSeconds:F1} s");
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, IndexSecondsFile), indexClock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        await File.WriteAllTextAsync(marker, scale.ToString());
    }
}
