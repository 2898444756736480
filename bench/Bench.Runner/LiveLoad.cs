using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bench.Runner;

/// A minimal client of the SignalR JSON hub protocol over WebSockets, as many as needed in one process.
/// It records, per event id, when a post.created push arrived.
public sealed class HubListener : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiving;

    public ConcurrentDictionary<long, List<double>> Received { get; } = new();

    public static async Task<HubListener> ConnectAsync(Uri address, Session session, HttpClient http)
    {
        using var negotiate = session.Request(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
        using var response = await http.SendAsync(negotiate);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("connectionToken").GetString();
        var listener = new HubListener();
        if (session.Cookie.Length > 0)
        {
            listener._socket.Options.SetRequestHeader("Cookie", session.Cookie);
        }

        listener._socket.Options.SetRequestHeader("Origin", address.GetLeftPart(UriPartial.Authority));
        var ws = new UriBuilder(address) { Scheme = "ws", Path = "/hubs/live", Query = $"id={token}" }.Uri;
        await listener._socket.ConnectAsync(ws, CancellationToken.None);
        await listener.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        listener._receiving = listener.ReceiveAsync();
        return listener;
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + (char)Separator), WebSocketMessageType.Text, true, _stop.Token);

    /// The receipt is stamped as soon as the bytes are in, and only the few fields needed are read, straight from
    /// the bytes: decoding and parsing whole messages for 1,000 listeners on the one load core delayed the next
    /// listeners' receipts by more than the server took to deliver them.
    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new ArrayBufferWriter<byte>();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                var receivedAt = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                pending.Write(buffer.AsSpan(0, result.Count));
                var data = pending.WrittenSpan;
                var end = data.LastIndexOf(Separator);
                if (end < 0)
                {
                    continue;
                }

                foreach (var range in data[..end].Split(Separator))
                {
                    Handle(data[range], receivedAt);
                }

                var rest = data[(end + 1)..].ToArray();
                pending.ResetWrittenCount();
                pending.Write(rest);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    /// Counts an Event invocation carrying a post.created envelope: {"type":1,"target":"Event","arguments":[{"id":..,"kind":..,"at":..}]}.
    private void Handle(ReadOnlySpan<byte> record, double receivedAt)
    {
        if (record.IsEmpty)
        {
            return;
        }

        var reader = new Utf8JsonReader(record);
        bool invocation = false, toEvent = false, created = false;
        long? id = null, at = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var depth = reader.CurrentDepth;
            if (depth == 1 && reader.ValueTextEquals("arguments"u8))
            {
                continue;
            }

            var name = (depth, reader.ValueTextEquals("type"u8) ? "type" : reader.ValueTextEquals("target"u8) ? "target"
                : reader.ValueTextEquals("kind"u8) ? "kind" : reader.ValueTextEquals("at"u8) ? "at" : reader.ValueTextEquals("id"u8) ? "id" : "");
            reader.Read();
            switch (name)
            {
                case (1, "type"):
                    invocation = reader.TokenType == JsonTokenType.Number && reader.GetInt32() == 1;
                    break;
                case (1, "target"):
                    toEvent = reader.ValueTextEquals("Event"u8);
                    break;
                case (3, "kind"):
                    created = reader.ValueTextEquals("post.created"u8);
                    break;
                case (3, "at"):
                    at = reader.GetInt64();
                    break;
                case (3, "id"):
                    id = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (invocation && toEvent && created && id is { } eventId && at is { } committed)
        {
            Received.GetOrAdd(eventId, _ => []).Add(receivedAt - committed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        await _stop.CancelAsync();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _socket.Dispose();
        _stop.Dispose();
    }
}

public sealed record LiveResult(int Connections, double P50Ms, double P99Ms, long Expected, long Lost, long Doubled, double DrainMs);

/// L1/L2: N listeners in the feed group, posts created over HTTP at a fixed rate; latency from the event's commit
/// time to each listener's receipt, with lost and doubled deliveries counted per listener.
public static class LiveLoad
{
    public static async Task<List<HubListener>> ConnectAsync(Uri address, Session session, int count)
    {
        using var http = new HttpClient { BaseAddress = address };
        var listeners = new ConcurrentBag<HubListener>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, _) =>
            listeners.Add(await HubListener.ConnectAsync(address, session, http)));
        return [.. listeners];
    }

    public static async Task<LiveResult> RunAsync(Uri address, Session writer, IReadOnlyList<HubListener> listeners, IReadOnlyList<(double Rate, TimeSpan Duration)> phases)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        var firstId = await LastEventIdAsync(http, writer);
        var posted = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (rate, duration) in phases)
        {
            var phaseStart = clock.Elapsed;
            for (var i = 0; clock.Elapsed - phaseStart < duration; i++)
            {
                var due = phaseStart + TimeSpan.FromSeconds(i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                using var request = writer.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "micro", ["body"] = $"Live-Last {posted}" });
                using var response = await http.SendAsync(request);
                posted++;
            }
        }

        var finished = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var expected = await CreatedSinceAsync(http, writer, firstId);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (DateTimeOffset.UtcNow < deadline && listeners.Any(l => expected.Any(id => !l.Received.ContainsKey(id))))
        {
            await Task.Delay(50);
        }

        var drained = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - finished;
        var latencies = listeners.SelectMany(l => expected.Where(l.Received.ContainsKey).Select(id => l.Received[id][0])).ToList();
        var lost = listeners.Sum(l => (long)expected.Count(id => !l.Received.ContainsKey(id)));
        var doubled = listeners.Sum(l => l.Received.Values.Sum(v => (long)Math.Max(0, v.Count - 1)));
        foreach (var l in listeners)
        {
            l.Received.Clear();
        }

        return new LiveResult(listeners.Count, Stats.Percentile([.. latencies], 50), Stats.Percentile(latencies, 99), expected.Count, lost, doubled, drained);
    }

    private static async Task<long> LastEventIdAsync(HttpClient http, Session session)
    {
        using var request = session.Request(HttpMethod.Get, "/live/events?after=" + long.MaxValue / 2);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("lastId").GetInt64();
    }

    /// The authoritative list of what every listener should have received: the log itself.
    private static async Task<HashSet<long>> CreatedSinceAsync(HttpClient http, Session session, long after)
    {
        var ids = new HashSet<long>();
        while (true)
        {
            using var request = session.Request(HttpMethod.Get, $"/live/events?after={after}");
            using var response = await http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var e in json.RootElement.GetProperty("events").EnumerateArray())
            {
                if (e.GetProperty("kind").GetString() == "post.created")
                {
                    ids.Add(e.GetProperty("id").GetInt64());
                }
            }

            after = json.RootElement.GetProperty("lastId").GetInt64();
            if (!json.RootElement.GetProperty("more").GetBoolean())
            {
                return ids;
            }
        }
    }
}
