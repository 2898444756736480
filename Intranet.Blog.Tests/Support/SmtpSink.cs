using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Intranet.Blog.Tests.Support;

/// A real SMTP server on a loopback port (the SmtpServer package speaks the protocol; nothing of the app's client is
/// faked). It keeps what it accepted, and a test can make it answer "try again later" (452) or hold a message in
/// DATA without answering, as a slow or dying server does.
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly List<MimeMessage> _accepted = [];
    private readonly List<MimeMessage> _held = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refuse;
    private volatile bool _hold;

    public int Port { get; }

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// On the given port (to come up where a refused connection was), or a free one.
    public static async Task<SmtpSink> StartAsync(int? port = null)
    {
        var sink = new SmtpSink(port ?? FreePort());
        // Accepting connections once the listener is up.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, sink.Port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("The SMTP sink did not start.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public IReadOnlyList<MimeMessage> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.ToList();
            }
        }
    }

    public IReadOnlyList<MimeMessage> Held
    {
        get
        {
            lock (_held)
            {
                return _held.ToList();
            }
        }
    }

    /// The next n messages get "452 try again later".
    public void RefuseNext(int n) => Interlocked.Exchange(ref _refuse, n);

    /// From now on, messages are held in DATA without an answer until Release; a held message is never accepted.
    public void Hold() => _hold = true;

    public void Release()
    {
        _hold = false;
        _release.TrySetResult();
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null, bool held = false)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var list = held ? Held : Accepted;
            if (list.Count >= count)
            {
                return list;
            }

            await Task.Delay(50);
        }

        throw new AssertionException($"Expected {count} {(held ? "held" : "accepted")} messages, got {(held ? Held : Accepted).Count}.");
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (sink._hold)
            {
                lock (sink._held)
                {
                    sink._held.Add(message);
                }

                await sink._release.Task;
                return new SmtpResponse(SmtpReplyCode.TransactionFailed, "held and dropped");
            }

            if (Interlocked.Decrement(ref sink._refuse) >= 0)
            {
                return new SmtpResponse(SmtpReplyCode.InsufficientStorage, "try again later");
            }

            lock (sink._accepted)
            {
                sink._accepted.Add(message);
            }

            return SmtpResponse.Ok;
        }
    }
}
