using Intranet.Blog.DemoData;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Features.Live;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = AppLayout.WebRoot,
});

// A missing registration fails at start-up, not at the first request that needs it.
builder.Host.UseDefaultServiceProvider(o => o.ValidateOnBuild = o.ValidateScopes = true);
builder.Services.AddBlogData(builder.Configuration, builder.Environment);
builder.Services.AddBlogAuth();
builder.Services.AddBlogWeb();
builder.Services.AddBlogLive();
builder.Services.AddBlogFeatures();

var app = builder.Build();

app.UseBlogPipeline();
app.MapBlogEndpoints();

await app.Services.GetRequiredService<Migrator>().MigrateAsync();
await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));

await app.RunAsync();

public partial class Program;
