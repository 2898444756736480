using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Feed;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Infrastructure;

public static class ServiceSetup
{
    public static IServiceCollection AddBlogData(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddOptions<IntranetOptions>().BindConfiguration(IntranetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        DapperSetup.Configure();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton(new MigrationFiles(configuration["Intranet:MigrationsDirectory"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir, environment.ContentRootPath) : AppLayout.Migrations));
        services.AddSingleton<Migrator>();
        services.AddSingleton<Readiness>();
        services.AddTransient<DemoSeeder>();
        services.AddSingleton<BackupService>();
        services.AddOptions<BackupOptions>().BindConfiguration("Intranet:Backup");
        services.AddHostedService<NightlyBackup>();
        return services;
    }

    public static IServiceCollection AddBlogFeatures(this IServiceCollection services)
    {
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<FollowStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<NotificationPusher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationPusher>());
        services.AddScoped<NotificationQuery>();
        services.AddScoped<NotificationSettingsForm>();
        services.AddSingleton<DepartmentStore>();
        services.AddSingleton<PostStore>();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<ReactionStore>();
        services.AddSingleton<ReadStore>();
        services.AddSingleton<ReadCounter>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<AuditStore>();
        services.AddScoped<SignInService>();
        services.AddSingleton<AddressThrottle>();
        services.AddScoped<PostService>();
        services.AddScoped<CommentService>();
        services.AddScoped<FeedQuery>();
        services.AddScoped<PostPageQuery>();
        services.AddScoped<ReactionService>();
        services.AddScoped<AdminService>();
        services.AddScoped<ImportService>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<UploadFiles>();
        services.AddScoped<UploadService>();
        services.AddSingleton<AvatarLookup>();
        services.AddScoped<ProfileQuery>();
        services.AddScoped<ProfileService>();
        services.AddSingleton<MentionStore>();
        services.AddSingleton<TopicStore>();
        services.AddSingleton<RenderedFragments>();
        services.AddScoped<TextLinker>();
        services.AddScoped<TopicQuery>();
        return services;
    }
}
