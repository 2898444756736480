using System.Globalization;
using System.Text.Json;
using Bench.Runner;
using Intranet.Blog.DemoData;

// One command, every figure: baselines and scenarios in the same run, ratios against the baselines, a results table.
var smoke = args.Contains("--smoke");
var large = args.Contains("--large");
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var report = new Report(smoke, large);
var measure = smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
var warmUp = smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
// A fresh server runs the framework's precompiled code until the JIT has recompiled its hot paths, which on one busy
// core takes about a minute: B1 and R1 both doubled over it. Measuring before then measures the JIT, so the first
// load of each page on each server warms it for that long. (Starting tier-up at once with
// DOTNET_TC_CallCountingDelayMs=0 halves the wait but doubles the cold start C1 measures.)
var firstWarmUp = smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60);
var warmed = new HashSet<string>();
var runs = smoke ? 1 : 3;
var useWrk = !smoke && Tools.Has("wrk");
var useHey = !smoke && Tools.Has("hey");
Directory.CreateDirectory(Paths.Work);

Console.WriteLine("== scale database");
var standard = smoke ? new DemoScale(30, 200, 500, 1_000, 5) : new DemoScale(500, 10_000, 50_000, 200_000, 20);
var standardName = smoke ? "data-smoke" : "data-standard";
var standardDir = await Seeding.PrepareAsync(standardName, standard);
var largeScale = new DemoScale(5_000, 200_000, 1_000_000, 3_000_000, 10);
// Plain HTTP on loopback: the Secure-only cookies of a production setup would not come back over it.
string[] appArgs = ["--Intranet:DataDirectory=" + standardDir, "--Intranet:SeedDemo=false", "--Intranet:SecureCookies=false",
    "--Intranet:Limits:WritesPerMinute=10000000", "--Intranet:Backup:Nightly=false"];
if (args.Contains("--seed-only"))
{
    // Seeding the large data takes minutes: done once ahead, a profiling session can start from the pristine copy.
    if (large)
    {
        await Seeding.PrepareAsync("data-large", largeScale);
    }

    return 0;
}

if (args.Contains("--analyse"))
{
    // A trace profile.sh left behind, read again (e.g. after a change to the rules): the parts' shares and their frames.
    Profiling.Explain(args.SkipWhile(a => a != "--analyse").ElementAt(1));
    return 0;
}

if (args.Contains("--profile"))
{
    // bench/profile.sh: where a signed-in page's time goes, from an EventPipe trace under the bench's load.
    var pages = args.SkipWhile(a => a != "--profile").Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))?.Split(',') ?? ["S1", "R1", "R3"];
    return await Profiling.RunAsync(pages, appArgs, firstWarmUp);
}

if (args.Contains("--search"))
{
    // Issue 12's targets alone, each against the feed (R1) measured on the same data by the same server: a run of
    // minutes instead of the whole bench's hour, written beside results.md.
    var sets = new List<(string Suffix, string Dir)> { ("", standardDir) };
    if (large)
    {
        sets.Add(("L", await Seeding.PrepareAsync("data-large", largeScale)));
    }

    foreach (var (suffix, dir) in sets)
    {
        Console.WriteLine($"== search targets, {(suffix == "" ? "standard" : "large")} data");
        await using var app = await Server.StartAsync(Paths.AppDll, "/healthz", ["--Intranet:DataDirectory=" + dir, .. appArgs[1..]]);
        var session = await Session.SignInAsync(app.Address, "staff@demo.example");
        var feed = await Throughput(new Uri(app.Address, "/"), session);
        report.Figure("R1" + suffix, "feed page, 20 posts with counts, the reference for Q1" + suffix, $"{feed.RequestsPerSecond:N0} req/s");
        await SearchTargetsAsync(app.Address, session, suffix, feed.RequestsPerSecond, dir);
    }

    await report.WriteAsync(Path.Combine(Paths.Bench, "results-search.md"));
    return report.AllMet ? 0 : 1;
}

if (args.Contains("--analytics"))
{
    // Issue 22's targets alone, each on a fresh start so A0 times the rollup's first round over the seeded data.
    var sets = new List<(string Suffix, string Dir)> { ("", standardDir) };
    if (large)
    {
        sets.Add(("L", await Seeding.PrepareAsync("data-large", largeScale)));
    }

    foreach (var (suffix, dir) in sets)
    {
        Console.WriteLine($"== analytics targets, {(suffix == "" ? "standard" : "large")} data");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var app = await Server.StartAsync(Paths.AppDll, "/healthz", ["--Intranet:DataDirectory=" + dir, .. appArgs[1..]]);
        await AnalyticsTargetsAsync(app.Address, suffix, dir, started);
    }

    await report.WriteAsync(Path.Combine(Paths.Bench, "results-analytics.md"));
    return report.AllMet ? 0 : 1;
}

Console.WriteLine("== B2 raw SQLite");
var b2Insert = await SqliteBaseline.InsertRateAsync(Path.Combine(Paths.Work, "b2"), measure);
var b2Query = await SqliteBaseline.NewestPostsRateAsync(standardDir, measure);
report.Figure("B2", "single-row insert, own transaction", $"{b2Insert:N0} inserts/s");
report.Figure("B2", "20 newest posts via Dapper", $"{b2Query:N0} queries/s");

Console.WriteLine("== B0 / B1 baselines");
double b1Rps;
var b0Start = await ColdStartAsync(Paths.PlainDll, "/plaintext", [], null);
await using (var plain = await Server.StartAsync(Paths.PlainDll, "/plaintext", []))
{
    var b0 = await Throughput(new Uri(plain.Address, "/plaintext"), null);
    report.Figure("B0", "GET /plaintext", $"{b0.RequestsPerSecond:N0} req/s; cold start {b0Start:N0} ms");
}

// B1's cold start is the framework's own price for MVC and Razor, which C1 pays before the product does anything.
var b1Start = await ColdStartAsync(Paths.MvcDll, "/hello", [], null);
await using (var mvc = await Server.StartAsync(Paths.MvcDll, "/hello", []))
{
    b1Rps = (await Throughput(new Uri(mvc.Address, "/hello"), null)).RequestsPerSecond;
    report.Figure("B1", "MVC + Razor view in a layout", $"{b1Rps:N0} req/s; cold start {b1Start:N0} ms = {b1Start / b0Start:F1} × B0");
}

Console.WriteLine("== B3 live floor");
LiveResult b3;
await using (var bare = await Server.StartAsync(Paths.LiveDll, "/live/events?after=0", []))
{
    var listeners = await LiveLoad.ConnectAsync(bare.Address, Session.Anonymous, smoke ? 50 : 1000);
    b3 = await LiveLoad.RunAsync(bare.Address, Session.Anonymous, listeners, [(1, smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(30))]);
    await Task.WhenAll(listeners.Select(l => l.DisposeAsync().AsTask()));
    report.Figure("B3", $"bare SignalR: a card-sized push to {listeners.Count} connections, 1/s, same client as L1",
        $"p50 {b3.P50Ms:F1} ms, p99 {b3.P99Ms:F1} ms; lost {b3.Lost}, doubled {b3.Doubled}");
}

Console.WriteLine("== product, standard data");
Session staff, admin;
double r1Rps;
await using (var app = await Server.StartAsync(Paths.AppDll, "/healthz", appArgs))
{
    staff = await Session.SignInAsync(app.Address, "staff@demo.example");
    admin = await Session.SignInAsync(app.Address, "admin@demo.example");
    var feed = new Uri(app.Address, "/");
    // S0, the cheapest signed-in request (cookie, session check, one count query, a few bytes of JSON): no signed-in
    // page can be faster, so it shows how much of B1 is left for R1 and R3 before a page does anything of its own.
    var s0 = await Throughput(new Uri(app.Address, "/notifications/unread"), staff);
    report.Figure("S0", "signed-in floor: one count query as JSON", $"{s0.RequestsPerSecond:N0} req/s = {s0.RequestsPerSecond / b1Rps:P0} of B1");
    // S1, the cheapest signed-in page: the layout (navigation, bell count, live script) around a short list of the
    // departments. R1 and R3 are this plus their posts or comments.
    var s1 = await Throughput(new Uri(app.Address, "/departments"), staff);
    report.Figure("S1", "signed-in page floor: the layout around the departments list", $"{s1.RequestsPerSecond:N0} req/s = {s1.RequestsPerSecond / b1Rps:P0} of B1");
    await ResetTimingsAsync(app.Address, admin);
    var r1 = await Throughput(feed, staff);
    var r1Server = await TimingAsync(app.Address, admin, "Feed.Index");
    var r1Latency = await Latency(feed, staff, r1.RequestsPerSecond * 0.7);
    r1Rps = r1.RequestsPerSecond;
    var r1Bytes = await PageBytes.FeedAsync(app.Address, staff);
    report.Target("R1", "feed page, 20 posts with counts", $"{r1.RequestsPerSecond:N0} req/s = {r1.RequestsPerSecond / b1Rps:P0} of B1; p99 {r1Latency.P99Ms:F1} ms at 70 %; {r1Server}; {r1Bytes}",
        r1.RequestsPerSecond >= 0.30 * b1Rps && r1Latency.P99Ms <= 20, "≥ 30 % of B1; p99 ≤ 20 ms");

    await SearchTargetsAsync(app.Address, staff, "", r1Rps, standardDir);
    await AnalyticsTargetsAsync(app.Address, "", standardDir, started: null);

    var postId = await Scenarios.BusyPostAsync(app.Address, staff, smoke ? 5 : 50);
    var page = new Uri(app.Address, $"/posts/{postId}");
    await ResetTimingsAsync(app.Address, admin);
    var r3 = await Throughput(page, staff);
    var r3Server = await TimingAsync(app.Address, admin, "Posts.Show");
    var r3Latency = await Latency(page, staff, r3.RequestsPerSecond * 0.7);
    report.Target("R3", "post page, 50 comments with reactions", $"{r3.RequestsPerSecond:N0} req/s = {r3.RequestsPerSecond / b1Rps:P0} of B1; p99 {r3Latency.P99Ms:F1} ms at 70 %; {r3Server}",
        r3.RequestsPerSecond >= 0.25 * b1Rps && r3Latency.P99Ms <= 25, "≥ 25 % of B1; p99 ≤ 25 ms");

    var r4 = await WritersAsync(app.Address, staff, 16);
    var r4Latency = await WriteLatencyAsync(app.Address, staff, r4.RequestsPerSecond * 0.7);
    var locked = app.Log.Contains("database is locked", StringComparison.OrdinalIgnoreCase);
    report.Target("R4", "create posts over HTTP, 16 writers", $"{r4.RequestsPerSecond:N0} posts/s = {r4.RequestsPerSecond / b2Insert:P0} of B2; p99 {r4Latency.P99Ms:F1} ms at 70 %; {r4.Failures + r4Latency.Failures} failed; locked: {(locked ? "yes" : "no")}",
        r4.RequestsPerSecond >= 0.10 * b2Insert && r4Latency.P99Ms <= 50 && r4.Failures + r4Latency.Failures == 0 && !locked, "≥ 10 % of B2; p99 ≤ 50 ms; no failures");

    // The same reads (feed and post page, half each) without the writes, first: the mixed run then also pays for
    // the comments its writes add to the post page.
    HttpRequestMessage Read(int i, Random random) => staff.Request(HttpMethod.Get, random.NextDouble() < 0.5 ? "/" : $"/posts/{postId}");
    await ClosedLoop.RunAsync(app.Address, 64, warmUp, Read, _ => "read");
    var readOnly = (await ClosedLoop.RunAsync(app.Address, 64, measure, Read, _ => "read")).Values.Single();
    // Comments go to the posts on the feed (their cards re-render with the new counts), reactions to the post page
    // (its counts change); no page the reads render grows, so the reads stay the same reads as without writes.
    var r6 = await MixedAsync(app.Address, staff, postId, await FeedPostIdsAsync(app.Address, staff));
    var reads = r6.Where(r => r.Key.StartsWith("read", StringComparison.Ordinal)).Sum(r => r.Value.RequestsPerSecond);
    var writeP99 = r6.Where(r => r.Key.StartsWith("write", StringComparison.Ordinal)).Select(r => r.Value.P99Ms).DefaultIfEmpty(double.NaN).Max();
    var r6Failures = r6.Values.Sum(v => v.Failures);
    // The same reads once more, after the writes: what the writes left behind (new posts, counts, caches to refill)
    // against what writing while reading costs.
    var readOnlyAfter = (await ClosedLoop.RunAsync(app.Address, 64, measure, Read, _ => "read")).Values.Single();
    report.Target("R6", "mixed 95 % reads / 5 % writes, 64 connections", $"reads {reads:N0} req/s = {reads / readOnly.RequestsPerSecond:P0} of the same reads without writes ({readOnly.RequestsPerSecond:N0}, same client); the same reads without writes after the mix: {readOnlyAfter.RequestsPerSecond:N0} req/s; write p99 {writeP99:F1} ms; {r6Failures} failed",
        reads >= 0.8 * readOnly.RequestsPerSecond && writeP99 <= 100 && r6Failures == 0, "reads ≥ 80 % of read-only; write p99 ≤ 100 ms");

    // F1: a flood of oversized posts (5 MB, over the 4 MB request limit) from 8 connections while 56 others read
    // the feed. The refusal comes before the body is read, so reading should keep its pace.
    var f1 = await FloodAsync(app.Address, staff);
    report.Target("F1", "feed reads while 8 connections flood 5 MB posts", $"reads {f1.Reads:N0} req/s = {f1.Reads / f1.ReadOnly:P0} of the same reads without the flood ({f1.ReadOnly:N0}); {f1.Refused:N0} floods refused, {f1.Accepted} answered otherwise; {f1.ReadFailures} reads failed",
        f1.Reads >= 0.8 * f1.ReadOnly && f1.Accepted == 0 && f1.ReadFailures == 0, "reads ≥ 80 % of no flood; every flood refused");

    Console.WriteLine("== live");
    var few = await LiveLoad.ConnectAsync(app.Address, staff, 10);
    var l10 = await LiveLoad.RunAsync(app.Address, admin, few, [(1, smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(60))]);
    var many = await LiveLoad.ConnectAsync(app.Address, staff, smoke ? 40 : 990);
    var all = few.Concat(many).ToList();
    var l1 = await LiveLoad.RunAsync(app.Address, admin, all, [(1, smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(60))]);
    report.Target("L1", $"{all.Count} live connections, 1 post/s", $"p50 {l1.P50Ms:F1} ms, p99 {l1.P99Ms:F1} ms; lost {l1.Lost}, doubled {l1.Doubled} of {l1.Expected}×{all.Count}; p99 at 10 conns {l10.P99Ms:F1} ms; B3 p50 {b3.P50Ms:F1} ms",
        l1.P50Ms <= 15 && l1.P99Ms <= 100 && l1.Lost == 0 && l1.Doubled == 0 && l1.P99Ms <= 5 * Math.Max(l10.P99Ms, 1), "p50 ≤ 15 ms, p99 ≤ 100 ms, none lost or doubled, ≤ 5 × p99 at 10");
    var l2 = await LiveLoad.RunAsync(app.Address, admin, all, [(20, smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10))]);
    report.Target("L2", $"{all.Count} connections, burst 20 posts/s", $"p99 {l2.P99Ms:F1} ms; drained {l2.DrainMs:N0} ms after the burst; lost {l2.Lost}, doubled {l2.Doubled}",
        l2.P99Ms <= 250 && l2.DrainMs <= 1000 && l2.Lost == 0 && l2.Doubled == 0, "p99 ≤ 250 ms; drained within 1 s");
    await Task.WhenAll(all.Select(l => l.DisposeAsync().AsTask()));

    Console.WriteLine("== memory per connection");
    var m0 = await MemoryAsync(app, admin);
    var mid = await LiveLoad.ConnectAsync(app.Address, staff, smoke ? 50 : 1000);
    await Task.Delay(1000);
    var m1 = await MemoryAsync(app, admin);
    var more = await LiveLoad.ConnectAsync(app.Address, staff, smoke ? 100 : 4000);
    await Task.Delay(1000);
    var m5 = await MemoryAsync(app, admin);
    var total = mid.Count + more.Count;
    await Task.WhenAll(mid.Concat(more).Select(l => l.DisposeAsync().AsTask()));
    // Kestrel's and SignalR's buffer pools give back idle blocks on their own schedule, not at the last close: the
    // heap is read every two seconds for up to half a minute, and how long it took to come back is reported.
    var since = System.Diagnostics.Stopwatch.StartNew();
    (long Heap, long Rss) mAfter;
    do
    {
        await Task.Delay(smoke ? 500 : 2000);
        mAfter = await MemoryAsync(app, admin);
    }
    while (mAfter.Heap > m0.Heap * 1.10 && since.Elapsed < TimeSpan.FromSeconds(smoke ? 3 : 30));
    var rssPer = (m5.Rss - m0.Rss) / (double)total;
    var heapPer = (m5.Heap - m0.Heap) / (double)total;
    var heapBack = mAfter.Heap <= m0.Heap * 1.10;
    report.Target("M1", "memory per idle live connection", $"RSS {rssPer / 1024:F1} KB, GC heap {heapPer / 1024:F1} KB per connection (0 / {mid.Count} / {total}: heap {m0.Heap / 1048576.0:F1} / {m1.Heap / 1048576.0:F1} / {m5.Heap / 1048576.0:F1} MB); heap {since.Elapsed.TotalSeconds:F0} s after disconnecting {mAfter.Heap / 1048576.0:F1} MB",
        rssPer <= 40 * 1024 && heapPer <= 40 * 1024 && heapBack, "≤ 40 KB per connection; heap back within 10 %");
}

Console.WriteLine("== cold start");
var c1 = await ColdStartAsync(Paths.AppDll, "/", appArgs, staff.Cookie);
report.Target("C1", "cold start to the first 200 on the feed", $"{c1:N0} ms = {c1 / b0Start:F1} × B0 ({b0Start:N0} ms), {c1 / b1Start:F1} × B1 ({b1Start:N0} ms){(runs > 1 ? $"; each the median of {runs} starts" : "")}",
    c1 <= 3 * b0Start, "≤ 3 × B0");

if (large)
{
    Console.WriteLine("== product, large data");
    var largeDir = await Seeding.PrepareAsync("data-large", largeScale);
    // R1 above was measured twenty minutes earlier, and this machine's speed drifts by a third over that long. Against
    // the ratio's 80 %, the drift decides, not the data: so both databases are served side by side now (both servers
    // on the server core, only one under load at a time) and measured in turns, standard then large, three times.
    var againDir = await Seeding.PrepareAsync(standardName, standard);
    await using var largeApp = await Server.StartAsync(Paths.AppDll, "/healthz", ["--Intranet:DataDirectory=" + largeDir, .. appArgs[1..]]);
    await using var standardApp = await Server.StartAsync(Paths.AppDll, "/healthz", ["--Intranet:DataDirectory=" + againDir, .. appArgs[1..]]);
    var largeFeed = new Uri(largeApp.Address, "/");
    var standardFeed = new Uri(standardApp.Address, "/");
    var largeSession = await Session.SignInAsync(largeApp.Address, "staff@demo.example");
    var standardSession = await Session.SignInAsync(standardApp.Address, "staff@demo.example");
    await WarmUpAsync(largeFeed, largeSession);
    await WarmUpAsync(standardFeed, standardSession);
    var onLarge = new List<LoadResult>();
    var onStandard = new List<LoadResult>();
    for (var i = 0; i < runs; i++)
    {
        onStandard.Add(await Once(standardFeed, standardSession, measure));
        onLarge.Add(await Once(largeFeed, largeSession, measure));
    }

    var r1L = Median(onLarge).RequestsPerSecond;
    var r1Beside = Median(onStandard).RequestsPerSecond;
    report.Target("R1L", "R1 on the large data", $"{r1L:N0} req/s = {r1L / r1Beside:P0} of R1 measured in turns with it ({r1Beside:N0} req/s; R1 earlier in the run: {r1Rps:N0})",
        r1L >= 0.8 * r1Beside, "≥ 80 % of R1");
    await SearchTargetsAsync(largeApp.Address, largeSession, "L", r1L, largeDir);
    await AnalyticsTargetsAsync(largeApp.Address, "L", largeDir, started: null);
}
else
{
    report.Skipped("R1L", "R1 on the large data", "run with --large");
    report.Skipped("Q1L", "search on the large data", "run with --large");
    report.Skipped("A1L", "analytics on the large data", "run with --large");
}

await report.WriteAsync(smoke ? Path.Combine(Paths.Work, "results-smoke.md") : Path.Combine(Paths.Bench, "results.md"));
return report.AllMet || smoke ? 0 : 1;

// Issue 22, on the data the app at address runs on: the dashboard (a quarter of the whole company, as the CEO sees it)
// and a post's reach funnel (the most-read post, as an admin sees it), each p99 at 70 % of its own throughput, once the
// activity rollup has counted the data. started: when the app was started, for A0 (null: it has run a while already).
async Task AnalyticsTargetsAsync(Uri address, string suffix, string dataDirectory, System.Diagnostics.Stopwatch? started)
{
    var counted = await RollupCaughtUpAsync(dataDirectory);
    if (started is not null)
    {
        report.Figure("A0" + suffix, "the activity rollup's first round over the read retention, from the start",
            counted is null ? "not caught up within 30 min" : $"{started.Elapsed.TotalSeconds:N0} s");
    }

    var ceo = await Session.SignInAsync(address, "ceo@demo.example");
    var dashboard = new Uri(address, "/analytics?period=quarter");
    await WarmUpAsync(dashboard, ceo);
    var d = await Throughput(dashboard, ceo);
    var dLatency = await Latency(dashboard, ceo, d.RequestsPerSecond * 0.7);
    report.Target("A1" + suffix, "analytics dashboard, a quarter of the whole company", $"{d.RequestsPerSecond:N1} req/s; p99 {dLatency.P99Ms:F1} ms at 70 %",
        dLatency.P99Ms <= 300 && counted is not null, "p99 ≤ 300 ms");
    var admin = await Session.SignInAsync(address, "admin@demo.example");
    var funnel = new Uri(address, $"/posts/{await MostReadPostAsync(dataDirectory)}/reach");
    await WarmUpAsync(funnel, admin);
    var f = await Throughput(funnel, admin);
    var fLatency = await Latency(funnel, admin, f.RequestsPerSecond * 0.7);
    report.Target("A2" + suffix, "a post's reach funnel, the most-read post", $"{f.RequestsPerSecond:N1} req/s; p99 {fLatency.P99Ms:F1} ms at 70 %", fLatency.P99Ms <= 100, "p99 ≤ 100 ms");
}

// Issue 12, on the data the app at address runs on: a two-word search and the suggestions as someone types, against
// R1 measured on the same data; and the time building that data's search index from scratch took when it was seeded.
async Task SearchTargetsAsync(Uri address, Session session, string suffix, double r1Reference, string dataDirectory)
{
    var search = new Uri(address, "/search?q=" + Uri.EscapeDataString("Urlaub beantragen"));
    await WarmUpAsync(search, session);
    var s = await Throughput(search, session);
    var sLatency = await Latency(search, session, s.RequestsPerSecond * 0.7);
    report.Target("Q1" + suffix, "search page, two words", $"{s.RequestsPerSecond:N0} req/s = {s.RequestsPerSecond / r1Reference:P0} of R1; p99 {sLatency.P99Ms:F1} ms at 70 %",
        s.RequestsPerSecond >= 0.5 * r1Reference && sLatency.P99Ms <= 50, "≥ 50 % of R1; p99 ≤ 50 ms");
    var suggest = new Uri(address, "/search/suggest?q=" + Uri.EscapeDataString("Betriebsaus"));
    await WarmUpAsync(suggest, session);
    var g = await Throughput(suggest, session);
    var gLatency = await Latency(suggest, session, g.RequestsPerSecond * 0.7);
    report.Target("Q2" + suffix, "search suggestions while typing", $"{g.RequestsPerSecond:N0} req/s; p99 {gLatency.P99Ms:F1} ms at 70 %", gLatency.P99Ms <= 20, "p99 ≤ 20 ms");
    if (Seeding.IndexSeconds(dataDirectory) is { } seconds)
    {
        report.Target("Q3" + suffix, "search index built from scratch (when seeded)", $"{seconds:F1} s", seconds <= 120, "≤ 120 s");
    }
    else
    {
        report.Skipped("Q3" + suffix, "search index built from scratch (when seeded)", "the data was seeded before search existed: delete its -seeded folder");
    }
}

// Warm-up, then the median of the runs; wrk where installed, else the built-in closed loop.
async Task<LoadResult> Throughput(Uri url, Session? session)
{
    await WarmUpAsync(url, session);
    var results = new List<LoadResult>();
    for (var i = 0; i < runs; i++)
    {
        results.Add(await Once(url, session, measure));
    }

    return Median(results);
}

async Task<LoadResult> Once(Uri url, Session? session, TimeSpan duration) => useWrk
    ? await Wrk.RunAsync(url, session, 32, duration)
    : (await ClosedLoop.RunAsync(new Uri(url.GetLeftPart(UriPartial.Authority)), 32, duration,
        (_, _) => session?.Request(HttpMethod.Get, url.PathAndQuery) ?? new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery), _ => "get")).Values.Single();

// One start is one sample like any other: B0's moved between 306 and 456 ms across runs, so both cold starts are
// the median of the same number of starts.
async Task<double> ColdStartAsync(string dll, string readyPath, string[] serverArgs, string? cookie)
{
    var starts = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        await using var server = await Server.StartAsync(dll, readyPath, serverArgs, cookie: cookie);
        starts.Add(server.StartedIn.TotalMilliseconds);
    }

    return Stats.Median(starts);
}

async Task WarmUpAsync(Uri url, Session? session) => await Once(url, session, warmed.Add(url.AbsoluteUri) ? firstWarmUp : warmUp);

static LoadResult Median(List<LoadResult> results) => results.OrderBy(r => r.RequestsPerSecond).ElementAt(results.Count / 2);

async Task<LoadResult> Latency(Uri url, Session session, double rate) => useHey
    ? await Hey.RunAsync(url, session, Math.Max(1, rate), measure)
    : (await ClosedLoop.RunAsync(new Uri(url.GetLeftPart(UriPartial.Authority)), 4, measure, (_, _) => session.Request(HttpMethod.Get, url.PathAndQuery), _ => "get")).Values.Single();

async Task<LoadResult> WritersAsync(Uri address, Session session, int writers)
{
    var body = $"kind=micro&body=Lasttest+{Guid.NewGuid():N}&__RequestVerificationToken={Uri.EscapeDataString(session.Token)}";
    if (useWrk)
    {
        var script = Path.Combine(Paths.Work, "post.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.body = \"{body}\"\nwrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n");
        // The write path is JIT-cold as much as any page: it gets the same first warm-up.
        await Wrk.RunAsync(new Uri(address, "/posts"), session, writers, warmed.Add("POST " + address) ? firstWarmUp : warmUp, script);
        var results = new List<LoadResult>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await Wrk.RunAsync(new Uri(address, "/posts"), session, writers, measure, script));
        }

        return Median(results);
    }

    return (await ClosedLoop.RunAsync(address, writers, measure, (i, _) => session.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "micro", ["body"] = $"Lasttest {i}" }), _ => "write")).Values.Single();
}

async Task<LoadResult> WriteLatencyAsync(Uri address, Session session, double rate)
{
    var body = $"kind=micro&body=Lasttest&__RequestVerificationToken={Uri.EscapeDataString(session.Token)}";
    return useHey
        ? await Hey.RunAsync(new Uri(address, "/posts"), session, Math.Max(1, rate), measure, "POST", body)
        : (await ClosedLoop.RunAsync(address, 4, measure, (i, _) => session.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "micro", ["body"] = $"Lasttest {i}" }), _ => "write")).Values.Single();
}

async Task<Dictionary<string, LoadResult>> MixedAsync(Uri address, Session session, long postId, IReadOnlyList<long> feedPosts)
{
    var kinds = new[] { "like", "celebrate", "insightful", "support", "funny", "curious" };
    HttpRequestMessage Next(int i, Random random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.475 => session.Request(HttpMethod.Get, "/"),
            < 0.95 => session.Request(HttpMethod.Get, $"/posts/{postId}"),
            < 0.967 => session.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "micro", ["body"] = $"Gemischt {i}" }),
            < 0.984 => session.Request(HttpMethod.Post, $"/posts/{feedPosts[random.Next(feedPosts.Count)]}/comments", new() { ["body"] = $"Kommentar {i}" }),
            _ => session.Request(HttpMethod.Post, $"/posts/{postId}/reactions", new() { ["kind"] = kinds[random.Next(kinds.Length)] }),
        };
    }

    await ClosedLoop.RunAsync(address, 64, warmUp, Next, r => r.Method == HttpMethod.Get ? "read" : "write");
    return await ClosedLoop.RunAsync(address, 64, measure, Next, r => r.Method == HttpMethod.Get ? "read " + (r.RequestUri!.OriginalString == "/" ? "feed" : "post") : "write");
}

async Task<(double Reads, double ReadOnly, long Refused, long Accepted, long ReadFailures)> FloodAsync(Uri address, Session session)
{
    var oversized = System.Text.Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(session.Token)}&kind=micro&body=" + new string('x', 5 * 1024 * 1024));
    HttpRequestMessage Read(int i, Random random) => session.Request(HttpMethod.Get, "/");
    HttpRequestMessage Flood(int i, Random random)
    {
        var request = session.Request(HttpMethod.Post, "/posts");
        request.Content = new ByteArrayContent(oversized);
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        return request;
    }

    await ClosedLoop.RunAsync(address, 56, warmUp, Read, _ => "read");
    // In turns, like every scenario three times: without the flood, then with it.
    var alone = new List<double>();
    var read = new List<double>();
    long refused = 0, accepted = 0, readFailures = 0;
    for (var i = 0; i < runs; i++)
    {
        alone.Add((await ClosedLoop.RunAsync(address, 56, measure, Read, _ => "read"))["read"].RequestsPerSecond);
        // Refused means 413 (or 400 when the form reader meets the limit first), or the connection closed before
        // the rest of the body was taken: either way nothing stored.
        var flooding = ClosedLoop.RunAsync(address, 8, measure, Flood, _ => "flood", status => status is 413 or 0);
        var reading = ClosedLoop.RunAsync(address, 56, measure, Read, _ => "read");
        var (flood, reads) = ((await flooding)["flood"], (await reading)["read"]);
        read.Add(reads.RequestsPerSecond);
        refused += flood.Requests - flood.Failures;
        accepted += flood.Failures;
        readFailures += reads.Failures;
    }

    return (Stats.Median(read), Stats.Median(alone), refused, accepted, readFailures);
}

// How long the activity rollup took to count everything up to the data's last post, comment or reaction.
static async Task<TimeSpan?> RollupCaughtUpAsync(string dataDirectory)
{
    var since = System.Diagnostics.Stopwatch.StartNew();
    await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "intranet.db")};Mode=ReadOnly");
    await connection.OpenAsync();
    using var command = connection.CreateCommand();
    command.CommandText = """
        SELECT IFNULL((SELECT processed_until FROM activity_watermark), 0) >=
               (SELECT MAX(m) FROM (SELECT MAX(created_at) AS m FROM posts UNION ALL SELECT MAX(created_at) FROM comments UNION ALL SELECT MAX(created_at) FROM reactions))
        """;
    while (since.Elapsed < TimeSpan.FromMinutes(30))
    {
        if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1)
        {
            return since.Elapsed;
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    return null;
}

static async Task<long> MostReadPostAsync(string dataDirectory)
{
    await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "intranet.db")};Mode=ReadOnly");
    await connection.OpenAsync();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT id FROM posts WHERE deleted_at IS NULL ORDER BY opened_count DESC, id LIMIT 1";
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

async Task<IReadOnlyList<long>> FeedPostIdsAsync(Uri address, Session session)
{
    using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
    using var request = session.Request(HttpMethod.Get, "/");
    using var response = await http.SendAsync(request);
    var page = await response.Content.ReadAsStringAsync();
    return System.Text.RegularExpressions.Regex.Matches(page, "data-post-id=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
}

async Task<(long Heap, long Rss)> MemoryAsync(Server server, Session session)
{
    using var http = new HttpClient { BaseAddress = server.Address };
    using var request = session.Request(HttpMethod.Post, "/admin/diagnostics/memory", []);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    return (json.RootElement.GetProperty("gcHeapBytes").GetInt64(), server.RssBytes());
}

// The app's own per-action timings: where a page's time goes (queries in the action, Razor in the result).
async Task ResetTimingsAsync(Uri address, Session session)
{
    using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
    using var request = session.Request(HttpMethod.Post, "/admin/diagnostics/timings/reset", []);
    (await http.SendAsync(request)).EnsureSuccessStatusCode();
}

async Task<string> TimingAsync(Uri address, Session session, string action)
{
    using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = address };
    using var request = session.Request(HttpMethod.Get, "/admin/diagnostics/timings");
    using var response = await http.SendAsync(request);
    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    var entry = json.RootElement.EnumerateArray().FirstOrDefault(e => e.GetProperty("action").GetString() == action);
    return entry.ValueKind == JsonValueKind.Undefined ? "no server timing"
        : $"in the server: action (queries) {entry.GetProperty("actionMs").GetDouble():F2} ms + rendering {entry.GetProperty("renderMs").GetDouble():F2} ms per request";
}
