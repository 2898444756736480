using System.Globalization;
using Intranet.Blog.Features.Health;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Web;

public static class WebSetup
{
    /// The app's languages. Its English is British, its dates too: a German organisation's English readers take
    /// 07/12/2026 for the seventh of December, not for July (the "en" culture writes 12/7/2026).
    public static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("de"), British()];

    /// One of Cultures by its name ("de", "en"); the first for any other.
    public static CultureInfo Culture(string name) => Array.Find(Cultures, c => c.Name == name) ?? Cultures[0];

    private static CultureInfo British()
    {
        var english = (CultureInfo)CultureInfo.GetCultureInfo("en").Clone();
        english.DateTimeFormat = CultureInfo.GetCultureInfo("en-GB").DateTimeFormat;
        // Read-only, as the request's culture must be: the localization middleware would otherwise copy it per request.
        return CultureInfo.ReadOnly(english);
    }

    public static IServiceCollection AddBlogWeb(this IServiceCollection services, IWebHostEnvironment environment, IConfiguration configuration)
    {
        // On SIGTERM, requests already running get this long to finish before the process goes.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachingStringLocalizerFactory>();
        // One for the app, not a new one for every view, partial and service that injects it (the framework registers
        // localizers as transient): it reads the culture of the call, so nothing in it belongs to a request.
        services.AddSingleton<IStringLocalizer<SharedResource>, StringLocalizer<SharedResource>>();
        // Before MVC, which only adds the default encoder when none is registered.
        services.AddSingleton(HtmlText.Encoder);
        services.AddControllersWithViews(mvc =>
            {
                mvc.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                mvc.Filters.Add<BadInputFilter>();
                mvc.Filters.Add<UnreadableValueFilter>();
                UnreadableValueFilter.UseMessages(mvc.ModelBindingMessageProvider);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.Configure<RazorViewEngineOptions>(razor =>
        {
            razor.ViewLocationFormats.Clear();
            razor.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
            razor.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "intranet.csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = AuthSetup.PlainHttpCookies(environment, configuration) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        ReusedRequestTokens.Register(services);
        services.AddProblemDetails();
        services.AddStaticCompression();
        services.AddBlogLimits();
        services.AddHttpContextAccessor();
        services.AddSingleton<AssetUrls>();
        services.AddScoped<FragmentRenderer>();
        services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<IntranetOptions>>((localization, options) =>
        {
            localization.DefaultRequestCulture = new RequestCulture(options.Value.DefaultCulture);
            localization.SupportedCultures = Cultures;
            localization.SupportedUICultures = Cultures;
            // The person's choice (stored on the profile, carried in the cookie) wins; ?culture= serves the sign-in page;
            // before anyone chose, the browser's languages do, so a newcomer with an English browser is not met in German.
            localization.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx => Task.FromResult(ctx.User.FindFirst(CurrentUser.LocaleClaim)?.Value is { } locale
                    ? new ProviderCultureResult(locale) : null)),
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static WebApplication UseBlogPipeline(this WebApplication app)
    {
        var readOnly = app.Services.GetRequiredService<ReadOnlyMode>();
        // One test of a flag per request once open: what waits for the first answer is in AfterFirstRequest.
        var afterFirst = app.Services.GetRequiredService<AfterFirstRequest>();
        app.Use((context, next) => afterFirst.IsOpen ? next(context) : afterFirst.OpenAfterAsync(next(context)));
        app.UseLastResortPage();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            // Kestrel refuses an oversized body by throwing when the form is read; that is the client's fault (413), not ours.
            // A storage failure (full disk, read-only file system, deleted database) is an outage, not a bug: 503.
            // So is a damaged search index while it is built again (SearchIndexBuild.RepairSoon).
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode
                : readOnly.Classify(e) is not null || SearchIndexBuild.IsDamage(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            // A write refused in read-only mode is expected: the mode itself was logged once when it began; so is a
            // request that meets a damaged search index (its repair logs it).
            SuppressDiagnosticsCallback = c => c.Exception is StorageUnavailableException || SearchIndexBuild.IsDamage(c.Exception),
        });
        app.UseReadOnlyMode();
        // A damaged search index answers 503 (above) until it is built again, which the first such request starts.
        // Looked up then, not now: building the pipeline must not open the database before settings are checked.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (SearchIndexBuild.IsDamage(ex))
            {
                context.RequestServices.GetRequiredService<SearchIndexBuild>().RepairSoon();
                throw;
            }
        });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeaders>();
        app.UseLiveOriginCheck();
        app.UseStaticCompression();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Scripts are ES modules: the page asks for each entry point with ?v= (asp-append-version), but the modules
            // they import are asked for by plain name, so those are revalidated (a 304 when unchanged) and a deploy
            // never mixes an old module with a new one.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl =
                ctx.File.Name.EndsWith(".js", StringComparison.Ordinal) && !ctx.Context.Request.Query.ContainsKey("v") ? "no-cache" : "public, max-age=3600",
        });
        if (HttpsExpected.Applies(app.Environment, app.Configuration))
        {
            app.UseMiddleware<HttpsExpected>();
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseSharedWriteLimit();
        app.UseBodyLimit();
        return app;
    }

    public static WebApplication MapBlogEndpoints(this WebApplication app)
    {
        app.MapControllers();
        app.MapLiveHub();
        app.MapBlogHealth();
        return app;
    }
}
