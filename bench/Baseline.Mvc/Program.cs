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
