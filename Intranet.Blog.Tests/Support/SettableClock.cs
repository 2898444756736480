namespace Intranet.Blog.Tests.Support;

/// Time that moves only when a test says so; register it with
/// new BlogAppFactory(services: s => s.AddSingleton&lt;TimeProvider&gt;(clock)).
public sealed class SettableClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
