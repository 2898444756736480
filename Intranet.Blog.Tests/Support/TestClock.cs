namespace Intranet.Blog.Tests.Support;

/// Time that moves only when a test says so; registered as the app's TimeProvider through ConfigureTestServices.
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// Moves forward only, so cookies and anything else issued earlier stay valid.
    public void SetForward(DateTimeOffset at)
    {
        if (at < GetUtcNow())
        {
            throw new InvalidOperationException($"The test clock only moves forward ({GetUtcNow():o} → {at:o}).");
        }

        Interlocked.Exchange(ref _ticks, at.UtcTicks);
    }
}
