using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure;

/// Tells a newcomer where the app listens and how to sign in: the demo accounts, or the one-time link to create the
/// first admin. The link is written here and nowhere else (not to the log).
public static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<IntranetOptions>>().Value;
        var firstStart = app.Services.GetRequiredService<FirstStart>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine("Intranet.Blog is running.");
        foreach (var address in addresses)
        {
            Console.WriteLine($"  Open {address}");
        }

        Console.WriteLine($"  Database: {app.Services.GetRequiredService<Db.Database>().Location}");
        if (HttpsExpected.StartWarning(app.Environment, app.Configuration, addresses) is { } warning)
        {
            Console.WriteLine("  " + warning);
            app.Logger.LogWarning("{Warning}", warning);
        }

        if (firstStart.HasDemo)
        {
            Console.WriteLine($"  Demo sign-in (password: {DemoSeeder.Password}): ceo@demo.example, {DemoSeeder.AdminEmail}, influencer@demo.example, staff@demo.example");
            if (!app.Environment.IsDevelopment())
            {
                Console.WriteLine("  WARNING: this is the demo organisation, and its passwords are public. Do not keep company data in it.");
            }
        }

        if (firstStart.FirstAdminToken is { } token)
        {
            var at = addresses.FirstOrDefault()?.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal) ?? "";
            Console.WriteLine("  Nobody can sign in yet. Create the first admin with this one-time link (valid for "
                + $"{FirstStart.FirstAdminLinkLifetime.TotalDays:0} days; a restart prints a new one):");
            Console.WriteLine($"  {at.TrimEnd('/')}{FirstAdminLink.Path(token)}");
        }

        Console.WriteLine();
    }
}
