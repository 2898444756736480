namespace Intranet.Blog.Infrastructure;

/// Background rounds that can wait begin once the first request after a start has been answered, or Grace after the
/// app began to listen when no request comes. Their first rounds (the analytics rollup, scheduled posts, reminders,
/// mail rounds, re-rendering) took about a third of the CPU a start spends before its first page, and on a small
/// server they ran while the first person waited for it (C1 in bench/README.md). Nothing that protects the data
/// waits: the rest of the database check after the start, the storage watch, read-only recovery and its notice, the
/// scrubbing of old uploads, and the live and mail queues run as before.
public sealed class AfterFirstRequest
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AfterFirstRequest(IHostApplicationLifetime lifetime) =>
        lifetime.ApplicationStarted.Register(() => Task.Delay(Grace).ContinueWith(_ => Open(), TaskScheduler.Default));

    public bool IsOpen => _open.Task.IsCompleted;

    public Task WaitAsync(CancellationToken ct) => _open.Task.WaitAsync(ct);

    public void Open() => _open.TrySetResult();

    /// The pipeline's first step while the gate is shut: the request, then the gate opens, whatever the outcome.
    public async Task OpenAfterAsync(Task request)
    {
        try
        {
            await request;
        }
        finally
        {
            Open();
        }
    }
}
