using System.Runtime.InteropServices;

namespace Intranet.Blog.Infrastructure;

/// A file that is either there whole or not at all, also after a power cut or a crash of the file system: written
/// to a temporary name, flushed to the disk, renamed into place, and the directory flushed so the rename itself is
/// on the disk. (A rename alone can reach the disk before the data it names: a key file of 0 bytes after a crash.)
public static class DurableFile
{
    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken ct = default)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(file);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void Write(string path, Action<Stream> write) =>
        WriteAsync(path, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// fsync on the directory: .NET opens no directory as a file, so this goes to the C library.
    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals the rename with the file's metadata
        }

        var fd = Native.Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Native.FSync(fd) != 0)
            {
                throw new IOException($"Flushing {directory} to the disk failed (errno {Marshal.GetLastPInvokeError()})", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            Native.Close(fd);
        }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int FSync(int fd);

        [DllImport("libc", EntryPoint = "close")]
        public static extern int Close(int fd);
    }
}
