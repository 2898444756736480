using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Intranet.Blog.Tests.Support;

/// A call the server made on this client ("Event", "Presence", "Typing").
public sealed record HubInvocation(string Target, JsonElement Argument);

/// What a hub method returned, or the error the server sent instead.
public sealed record HubCompletion(JsonElement? Result, string? Error);

/// Just enough of the SignalR JSON hub protocol (HubProtocol.md, TransportProtocols.md) over a real WebSocket to test
/// what the hub lets a connection do and what it pushes to it; the .NET SignalR client is not available here.
public sealed class HubProtocolClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private const byte Separator = 0x1e;
    private readonly ClientWebSocket _socket;
    private readonly Channel<HubInvocation> _received = Channel.CreateUnbounded<HubInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<HubCompletion>> _pending = new();
    private readonly TaskCompletionSource<string?> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receiving;
    private int _nextId;

    private HubProtocolClient(ClientWebSocket socket, string connectionId)
    {
        (_socket, ConnectionId) = (socket, connectionId);
        _receiving = ReceiveAsync();
    }

    public string ConnectionId { get; }

    /// Everything the server invoked on this client, in arrival order.
    public ChannelReader<HubInvocation> Received => _received.Reader;

    /// Completes when the connection ends, with the error of the server's close message if it sent one.
    public Task<string?> Closed => _closed.Task;

    /// Negotiates with the cookie, then opens the WebSocket and shakes hands; a refusal throws HttpRequestException with its status.
    public static async Task<HubProtocolClient> ConnectAsync(Uri address, string? cookie, string? origin = null)
    {
        var (connectionId, token) = await NegotiateAsync(address, cookie, origin);
        var client = new HubProtocolClient(await OpenSocketAsync(address, token, cookie, origin), connectionId);
        await client.SendRecordAsync("""{"protocol":"json","version":1}""");
        if (await client._handshake.Task.WaitAsync(Patience) is { } error)
        {
            throw new InvalidOperationException("Handshake refused: " + error);
        }

        return client;
    }

    /// Connects as live.js does after its connection was closed: a refused handshake (the node's Redis subscription
    /// just coming back) is tried again after 0, 1 and 3 seconds before the refusal counts.
    public static async Task<HubProtocolClient> ReconnectAsync(Uri address, string? cookie)
    {
        foreach (var delay in (int[])[0, 1000, 3000])
        {
            await Task.Delay(delay);
            try
            {
                return await ConnectAsync(address, cookie);
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("Handshake refused", StringComparison.Ordinal))
            {
                TestContext.Out.WriteLine($"{ex.Message}; the page tries again");
            }
        }

        return await ConnectAsync(address, cookie);
    }

    public static async Task<(string ConnectionId, string Token)> NegotiateAsync(Uri address, string? cookie, string? origin = null)
    {
        using var http = new HttpClient { BaseAddress = address };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "hubs/live/negotiate?negotiateVersion=1");
        Headers(cookie, origin, negotiate.Headers.Add);
        using var response = await http.SendAsync(negotiate);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("connectionId").GetString()!, body.GetProperty("connectionToken").GetString()!);
    }

    public static async Task<ClientWebSocket> OpenSocketAsync(Uri address, string token, string? cookie, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        Headers(cookie, origin, socket.Options.SetRequestHeader);
        try
        {
            await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "hubs/live", Query = "id=" + Uri.EscapeDataString(token) }.Uri, CancellationToken.None);
            return socket;
        }
        catch (WebSocketException e)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new HttpRequestException("WebSocket refused", e, status);
        }
    }

    private static void Headers(string? cookie, string? origin, Action<string, string> add)
    {
        if (cookie is not null)
        {
            add("Cookie", cookie);
        }

        if (origin is not null)
        {
            add("Origin", origin);
        }
    }

    public async Task<HubCompletion> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var completion = _pending[id] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendRecordAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await completion.Task.WaitAsync(Patience);
    }

    /// Sends one record as given, for messages no well-behaved client would send.
    public Task SendRecordAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + (char)Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    /// Reads pushes until one matches, and returns all of them; the server's order is the arrival order.
    public async Task<IReadOnlyList<HubInvocation>> ReceiveUntilAsync(Func<HubInvocation, bool> last)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<HubInvocation>();
        do
        {
            seen.Add(await _received.Reader.ReadAsync(timeout.Token));
        }
        while (!last(seen[^1]));
        return seen;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        string? closeError = null;
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                buffer.Write(chunk, 0, result.Count);
                var bytes = buffer.ToArray();
                var start = 0;
                for (var end = Array.IndexOf(bytes, Separator); end >= 0; start = end + 1, end = Array.IndexOf(bytes, Separator, start))
                {
                    closeError = Dispatch(JsonDocument.Parse(bytes.AsMemory(start, end - start)).RootElement.Clone()) ?? closeError;
                }

                buffer = new MemoryStream();
                buffer.Write(bytes, start, bytes.Length - start);
            }
        }
        catch (WebSocketException)
        {
            // The server aborted the connection; what follows is the same as a close.
        }
        finally
        {
            _received.Writer.TryComplete();
            _handshake.TrySetResult("connection closed");
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new WebSocketException("Connection closed before the completion arrived"));
            }

            _closed.TrySetResult(closeError);
        }
    }

    /// Returns the error of a close message, null for anything else.
    private string? Dispatch(JsonElement message)
    {
        string? Text(string name) => message.TryGetProperty(name, out var value) ? value.GetString() : null;
        if (!message.TryGetProperty("type", out var type))
        {
            _handshake.TrySetResult(Text("error"));
            return null;
        }

        switch (type.GetInt32())
        {
            case 1:
                var arguments = message.GetProperty("arguments");
                _received.Writer.TryWrite(new HubInvocation(Text("target")!, arguments.GetArrayLength() > 0 ? arguments[0] : default));
                break;
            case 3 when _pending.TryRemove(Text("invocationId")!, out var completion):
                completion.TrySetResult(new HubCompletion(message.TryGetProperty("result", out var result) ? result : null, Text("error")));
                break;
            case 7:
                return Text("error") ?? "closed";
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        await _receiving.WaitAsync(Patience);
        _socket.Dispose();
    }
}
