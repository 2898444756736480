namespace Intranet.Blog.Infrastructure.Db;

/// Tells one reading of the database from every other. Markup made from a kept reading (VersionedCache) is kept under
/// its stamp (RenderedFragments.SectionAsync), so it is never older than the reading it was made from: the next write,
/// or the reading's maximum age, brings a new reading and with it a new stamp.
public static class ReadStamp
{
    private static long s_last;

    public static long Next() => Interlocked.Increment(ref s_last);
}
