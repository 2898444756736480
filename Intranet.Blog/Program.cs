using Intranet.Blog;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Features.CompanySignIn;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Nodes;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    // "backup <file>" / "restore <file>" are commands, not configuration; the settings after them still apply.
    // Settings are read once: a restart applies a change, and not watching the files saves an inotify
    // instance per file (the per-user limit is 128, which many app instances in one test run exhaust).
    Args = [.. BackupCommands.Settings(args), "--hostBuilder:reloadConfigOnChange=false"],
    // appsettings.json sits next to the binaries; without this, starting the dll from another directory
    // silently ran without it (every request logged at Information, the wrong limits).
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = AppLayout.WebRoot,
});

// A missing registration fails at start-up, not at the first request that needs it. Scope checks run on every
// resolution (dozens per page), so only outside production, where the tests exercise every path.
builder.Host.UseDefaultServiceProvider(o =>
{
    o.ValidateOnBuild = true;
    o.ValidateScopes = !builder.Environment.IsProduction();
});
builder.Services.AddBlogData(builder.Configuration, builder.Environment);
builder.Services.AddBlogAuth(builder.Environment, builder.Configuration);
builder.Services.AddCompanySignIn(builder.Configuration);
builder.Services.AddBlogWeb(builder.Environment, builder.Configuration);
builder.Services.AddBlogFeatures();

var app = builder.Build();

if (BackupCommands.IsCommand(args))
{
    return await StartFailure.ReportAsync(app, () => BackupCommands.RunAsync(app.Services, args));
}

app.UseBlogPipeline();
app.MapBlogEndpoints();

// Each step that fails ends the start with one sentence and exit code 1; nothing touches the data before the port is free.
return await StartFailure.ReportAsync(app, async () =>
{
    // Settings that could not work end the start here with one sentence, before the host would log its own stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    TimeText.Zone = TimeZoneInfo.FindSystemTimeZoneById(app.Services.GetRequiredService<IOptions<IntranetOptions>>().Value.TimeZone);
    ListenAddresses.EnsureFree(app);
    using var appLock = AppLock.Acquire(app.Services.GetRequiredService<IOptions<IntranetOptions>>().Value.DataPath);
    var firstStart = app.Services.GetRequiredService<FirstStart>();
    firstStart.CheckDataDirectory();
    if (app.Services.GetService<SharedRedis>() is { } redis)
    {
        await redis.ConnectionAsync();
    }

    await app.Services.GetRequiredService<IntegrityCheck>().CheckAtStartAsync();
    await app.Services.GetRequiredService<Migrator>().MigrateAsync();
    await app.Services.GetRequiredService<HandleStore>().AssignMissingAsync();
    await firstStart.SeedOrInviteAsync();
    await app.Services.GetRequiredService<SignInMethods>().RecordIfChangedAsync();
    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
    await app.RunAsync();
    return 0;
});

public partial class Program;
