using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Trust;

/// A deploy stops the app with SIGTERM: what was being sent still gets saved, and open pages are told to come back.
[Category("Durability"), NonParallelizable] // times a shutdown grace period
public sealed class ShutdownTests
{
    private string _data = null!;

    [SetUp]
    public void CreateDirectory() => _data = Path.Combine(Path.GetTempPath(), $"intranet-blog-stop-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Test, CancelAfter(240_000)]
    public async Task A_request_in_flight_at_SIGTERM_finishes_and_open_pages_are_told_to_reconnect(CancellationToken ct)
    {
        string[] settings = ["--Intranet:SeedDemo=true", "--Intranet:Backup:Nightly=false"];
        var body = $"Unterwegs beim Neustart {Guid.NewGuid():N}";
        long postId;
        await using (var app = await AppProcess.StartAsync(_data, settings))
        {
            var cookies = new CookieContainer();
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.Address };
            var signIn = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = "staff@demo.example", ["password"] = "demo" });
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            await using var live = await HubProtocolClient.ConnectAsync(app.Address, cookies.GetCookieHeader(app.Address));

            var form = new SlowForm(new()
            {
                ["__RequestVerificationToken"] = await TestData.TokenAsync(client, "/"),
                ["kind"] = "micro",
                ["body"] = body,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = form };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var posting = client.SendAsync(request, ct);
            await form.FirstHalfSent.WaitAsync(ct);

            var stopped = app.TerminateAsync(TimeSpan.FromSeconds(60));
            var pushes = await live.ReceiveUntilAsync(i => i.Target == "Restarting");
            form.SendTheRest();
            var response = await posting;

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync(ct));
            var card = (await TestData.ParseAsync(response)).QuerySelector("article[data-post-id]")!;
            postId = long.Parse(card.GetAttribute("data-post-id")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(pushes[^1].Target, Is.EqualTo("Restarting"));
            Assert.That(await stopped, Is.EqualTo(0), app.Log);
            Assert.That(await live.Closed.WaitAsync(ct), Is.Not.Null.Or.Null, "the live connection ended with the app");
        }

        await using (var again = await AppProcess.StartAsync(_data, settings))
        {
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = again.Address };
            await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = "staff@demo.example", ["password"] = "demo" });
            var page = await TestData.GetPageAsync(client, $"/posts/{postId}");
            Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain(body));
        }
    }

    /// A form body sent in two halves, the second only when the test says so: a slow upload caught by the stop.
    private sealed class SlowForm(Dictionary<string, string> fields) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.ASCII.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));
        private readonly TaskCompletionSource _firstHalf = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstHalfSent => _firstHalf.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _firstHalf.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            length = _bytes.Length;
            return true;
        }
    }
}
