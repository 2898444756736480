namespace Intranet.Blog.Tests.Support;

/// The directories a test makes under the temporary folder (data directories, uploads, archives), all deleted by
/// one call from its TearDown.
public sealed class TempDirectories
{
    private readonly List<string> _made = [];

    /// A new path of its own; create: the directory exists already (for files a test writes into it).
    public string New(string prefix, bool create = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        if (create)
        {
            Directory.CreateDirectory(directory);
        }

        _made.Add(directory);
        return directory;
    }

    public void DeleteAll()
    {
        foreach (var directory in _made.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        _made.Clear();
    }
}
