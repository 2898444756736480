// B3: the live floor. A bare SignalR hub pushing a card-sized message to every connection, spoken to by the same
// client as L1: what any server on this framework and this machine takes to deliver one event to 1,000 screens.
// It answers the few routes the L1 client uses, with none of the product's work (no database, auth or rendering).
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSignalR();
var app = builder.Build();
app.UseWebSockets();
app.MapHub<LiveHub>("/hubs/live");

// The size of a product card in one language.
var card = "<article class=\"card\">" + new string('x', 3000) + "</article>";
var sent = new ConcurrentQueue<long>();
var queue = Channel.CreateUnbounded<(long Id, long At)>(new UnboundedChannelOptions { SingleReader = true });
var nextId = 0L;

// The "commit": the event exists and is stamped here, as the product stamps it in its transaction.
app.MapPost("/posts", () =>
{
    var id = Interlocked.Increment(ref nextId);
    sent.Enqueue(id);
    queue.Writer.TryWrite((id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    return Results.Redirect("/");
});
app.MapGet("/live/events", (long after) => Results.Json(new
{
    events = sent.Where(id => id > after).Select(id => new { id, kind = "post.created" }),
    lastId = Interlocked.Read(ref nextId),
    more = false,
}));

// One sender in order, as the product's outbox.
var hub = app.Services.GetRequiredService<IHubContext<LiveHub>>();
_ = Task.Run(async () =>
{
    await foreach (var (id, at) in queue.Reader.ReadAllAsync())
    {
        await hub.Clients.All.SendAsync("Event", new { id, kind = "post.created", at, html = new Dictionary<string, string> { ["de"] = card } });
    }
});

await app.RunAsync();

internal sealed class LiveHub : Hub;
