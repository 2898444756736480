using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Analytics;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.AtomFeeds;
using Intranet.Blog.Features.AnonymousQuestions;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Features.Departments;
using Intranet.Blog.Features.Drafts;
using Intranet.Blog.Features.Feed;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Guidelines;
using Intranet.Blog.Features.Guides;
using Intranet.Blog.Features.Health;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Moderation;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Ideas;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.PostPage;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Profiles;
using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Reach;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Search;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Nodes;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Infrastructure;

public static class ServiceSetup
{
    public static IServiceCollection AddBlogData(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddOptions<IntranetOptions>().BindConfiguration(IntranetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        DapperSetup.Configure();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReadOnlyMode>();
        // SQLite stays registered on PostgreSQL too: migrate-to-postgres reads the file the app ran on before.
        services.AddSingleton<SqliteDatabase>();
        var postgres = configuration["Intranet:Database"] == "postgres";
        if (postgres)
        {
            services.AddSingleton<PostgresDatabase>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresDatabase>());
            services.AddSingleton<Database>(sp => sp.GetRequiredService<PostgresDatabase>());
        }
        else
        {
            services.AddSingleton<Database>(sp => sp.GetRequiredService<SqliteDatabase>());
        }

        services.AddSingleton<Heartbeat>();
        services.AddOptions<StorageOptions>().BindConfiguration("Intranet:Storage").ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ReadOnlyRecovery>();
        services.AddSingleton<StorageWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageWatch>());
        var migrations = configuration["Intranet:MigrationsDirectory"] is { Length: > 0 } dir ? Path.GetFullPath(dir, environment.ContentRootPath) : AppLayout.Migrations;
        services.AddSingleton(new MigrationFiles(Path.Combine(migrations, postgres ? "postgres" : "sqlite")));
        services.AddSingleton<Migrator>();
        // Each engine has its own search index (SearchIndex), built and kept by its own means.
        if (postgres)
        {
            services.AddSingleton<SearchIndex, PostgresSearch>();
            services.AddSingleton<IDataMigration, PostgresSearchBuild>();
        }
        else
        {
            services.AddSingleton<SearchIndex, Fts5>();
            services.AddSingleton<IDataMigration>(sp => sp.GetRequiredService<SearchIndexBuild>());
        }

        // Like SqliteDatabase, registered on either engine: the database check (SQLite's) compares and repairs it.
        services.AddSingleton<SearchIndexBuild>();

        services.AddNodes(configuration);
        services.AddTransient<DemoSeeder>();
        services.AddSingleton<FirstStart>();
        services.AddSingleton<AfterFirstRequest>();
        return services;
    }

    /// One line per feature: each feature folder registers its own services (Features/X/XSetup.cs), so a new
    /// feature adds a file there and a line here.
    public static IServiceCollection AddBlogFeatures(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<Rerenderer>();
        services.AddHostedService(sp => sp.GetRequiredService<Rerenderer>());
        services.AddSingleton<RenderedFragments>();
        return services
            .AddShared()
            .AddPeople()
            .AddAccount()
            .AddAdmin()
            .AddAnalytics()
            .AddAnnouncements()
            .AddAnonymousQuestions()
            .AddModeration()
            .AddBackup()
            .AddComments()
            .AddDepartments()
            .AddCompanyDirectory()
            .AddDrafts()
            .AddFeed()
            .AddFollows()
            .AddGuidelines()
            .AddGuides()
            .AddAtomFeeds()
            .AddLinks()
            .AddMail()
            .AddHealth()
            .AddIdeas()
            .AddLive()
            .AddMentions()
            .AddNotifications()
            .AddPolls()
            .AddPostPage()
            .AddPosts()
            .AddProfiles()
            .AddQuestions()
            .AddReach()
            .AddReactions()
            .AddSearch()
            .AddTopics()
            .AddUploads();
    }
}
