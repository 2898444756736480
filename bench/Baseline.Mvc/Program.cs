using Microsoft.AspNetCore.Mvc;

// B1: an MVC controller rendering a Razor "hello" view inside a layout of about the product's size.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddControllersWithViews();
var app = builder.Build();
app.MapControllers();
await app.RunAsync();

public sealed class HelloController : Controller
{
    [HttpGet("/hello")]
    public IActionResult Index() => View(new HelloView("Welt", DateTimeOffset.UtcNow));
}

public sealed record HelloView(string Name, DateTimeOffset At);

/// B1W: the same layout around a body of ready HTML of a given size, as the product's cached cards are: what the
/// framework alone costs to carry a page of the feed's size through Razor's buffers, Kestrel and the socket.
public sealed class PageController : Controller
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Microsoft.AspNetCore.Html.HtmlString> Bodies = new();

    [HttpGet("/page")]
    public IActionResult Index(int bytes) => View(Bodies.GetOrAdd(Math.Clamp(bytes, 0, 1 << 20), Body));

    private static Microsoft.AspNetCore.Html.HtmlString Body(int bytes)
    {
        const string card = "<article class=\"card\"><header><a href=\"/people/1\">Erika Mustermann</a> <time datetime=\"2026-12-05T10:00:00Z\">vor 2 Std.</time></header><div class=\"body\"><p>Ein Beitrag mit etwas Text, damit die Karte so aussieht wie eine echte.</p></div></article>\n";
        var html = new System.Text.StringBuilder(bytes + card.Length);
        while (html.Length + card.Length <= bytes)
        {
            html.Append(card);
        }

        return new Microsoft.AspNetCore.Html.HtmlString(html.ToString());
    }
}
