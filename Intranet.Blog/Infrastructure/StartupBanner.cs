using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure;

/// Tells a newcomer where the app listens and how to sign in.
public static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<IntranetOptions>>().Value;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine("Intranet.Blog is running.");
        foreach (var address in addresses)
        {
            Console.WriteLine($"  Open {address}");
        }

        Console.WriteLine($"  Database: {options.DatabasePath}");
        if (options.SeedDemo)
        {
            Console.WriteLine("  Demo sign-in (password: demo): ceo@demo.example, admin@demo.example, influencer@demo.example, staff@demo.example");
        }

        Console.WriteLine();
    }
}
