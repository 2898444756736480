namespace Intranet.Blog.Infrastructure.Db;

/// One app per data directory: a running app holds an exclusive lock on data/app.lock, so a second instance
/// (or a restore) on the same files is refused instead of corrupting them. The OS releases it if the process dies.
public sealed class AppLock : IDisposable
{
    private const string FileName = "app.lock";
    private readonly FileStream _file;

    private AppLock(FileStream file) => _file = file;

    public static AppLock Acquire(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        try
        {
            return new AppLock(new FileStream(Path.Combine(dataPath, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        // The lock is taken, not the disk failing (a read-only or full file system is reported as what it is).
        catch (IOException ex) when (!Errno.IsStorage(ex))
        {
            throw new StartRefusedException($"Another Intranet.Blog process is using {dataPath}: stop it first, or start this one with another Intranet:DataDirectory.");
        }
    }

    public static bool IsHeld(string dataPath)
    {
        try
        {
            using var probe = Acquire(dataPath);
            return false;
        }
        catch (StartRefusedException)
        {
            return true;
        }
    }

    public void Dispose() => _file.Dispose();
}
