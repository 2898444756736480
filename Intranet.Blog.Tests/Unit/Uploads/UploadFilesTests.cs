using Intranet.Blog.Features.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Uploads;

public sealed class UploadFilesTests
{
    [Test]
    public void Withheld_images_go_beside_the_uploads_in_the_data_directory_and_inside_a_shared_uploads_folder()
    {
        var own = Files(new IntranetOptions { DataDirectory = "/srv/intranet" });
        var shared = Files(new IntranetOptions { DataDirectory = "/srv/intranet", Database = "postgres", UploadsDirectory = "/mnt/share/uploads" });

        Assert.That(own.WithheldDirectory, Is.EqualTo("/srv/intranet/uploads-withheld"));
        Assert.That(shared.WithheldDirectory, Is.EqualTo("/mnt/share/uploads/.withheld"), "the share's parent may be a mount point's, not the app's to write to");
    }

    /// A shared folder is another disk than the database's: a full or read-only share refuses the image, and must not
    /// read as the database's storage failing, which would put the whole node into read-only mode.
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_shared_folder_that_takes_no_file_refuses_the_image_without_reading_as_the_databases_storage_failing()
    {
        // sysfs refuses new files to everyone, root included (EACCES).
        Assert.That(Directory.Exists("/sys/kernel"), Is.True, "sysfs is mounted");
        var shared = new IntranetOptions { DataDirectory = "/srv/intranet", Database = "postgres", UploadsDirectory = "/sys/kernel" };

        var refused = Assert.ThrowsAsync<UploadsUnavailableException>(() => Files(shared).WriteAsync(UploadFiles.NewName(ImageSniffer.Png), new byte[] { 1 }, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("/sys/kernel"));
        var readOnly = new Blog.Infrastructure.Db.ReadOnlyMode(Options.Create(shared), TimeProvider.System, NullLogger<Blog.Infrastructure.Db.ReadOnlyMode>.Instance);
        Assert.That(readOnly.Classify(refused), Is.Null, "not a storage fault of the database");
        Assert.That(readOnly.Classify(new IOException("No space left on device", 28)), Is.EqualTo(Blog.Infrastructure.Db.StorageFault.DiskFull), "while a full disk of the data directory is one");
    }

    /// A share that came unmounted while the node runs: the image is refused, the folder is never made on this node's
    /// own disk (whose images the other nodes would never see), and /readyz and the admin pages say so.
    [Test]
    public async Task A_shared_folder_that_is_gone_refuses_the_image_is_not_made_and_shows_in_readiness_and_figures()
    {
        var gone = Path.Combine(Path.GetTempPath(), $"intranet-blog-unmounted-{Guid.NewGuid():N}", "uploads");
        var shared = new IntranetOptions { DataDirectory = Path.GetTempPath(), Database = "postgres", UploadsDirectory = gone };

        var refused = Assert.ThrowsAsync<UploadsUnavailableException>(() => Files(shared).WriteAsync(UploadFiles.NewName(ImageSniffer.Png), new byte[] { 1 }, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain(gone).And.Contain("missing"));
        Assert.That(Directory.Exists(gone), Is.False, "not made");
        var ready = await new Blog.Features.Health.SharedUploadsCheck(Options.Create(shared)).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.That(ready.Status, Is.EqualTo(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy));
        Assert.That(ready.Description, Does.Contain(gone));
        var figures = new Blog.Infrastructure.Db.StorageWatch(Options.Create(shared), Options.Create(new Blog.Infrastructure.Db.StorageOptions()), TimeProvider.System,
            NullLogger<Blog.Infrastructure.Db.StorageWatch>.Instance).Figures();
        Assert.That(figures.SharedUploads, Is.Not.Null.And.Property("Missing").True.And.Property("Low").True);
    }

    [Test]
    public void The_free_space_of_a_shared_uploads_folder_is_watched_apart_from_the_data_directory()
    {
        // Every disk has less than 2 PB free (an empty /dev/shm has all of itself free, so not a percentage).
        var storage = Options.Create(new Blog.Infrastructure.Db.StorageOptions { WarnFreeMegabytes = int.MaxValue, WarnFreePercent = 0 });
        Blog.Infrastructure.Db.StorageFigures Figures(IntranetOptions options) =>
            new Blog.Infrastructure.Db.StorageWatch(Options.Create(options), storage, TimeProvider.System, NullLogger<Blog.Infrastructure.Db.StorageWatch>.Instance).Figures();
        var temp = Path.GetTempPath();

        Assert.That(Figures(new IntranetOptions { DataDirectory = temp }).SharedUploads, Is.Null, "uploads in the data directory share its disk");
        var uploads = Figures(new IntranetOptions { DataDirectory = temp, Database = "postgres", UploadsDirectory = "/dev/shm" }).SharedUploads;
        Assert.That(uploads, Is.Not.Null);
        Assert.That(uploads!.Path, Is.EqualTo("/dev/shm"));
        Assert.That(uploads.TotalBytes, Is.EqualTo(new DriveInfo("/dev/shm").TotalSize), "the share's own disk");
        Assert.That(uploads.Low, Is.True, "below the threshold");
    }

    private static UploadFiles Files(IntranetOptions options) => new(Options.Create(options), NullLogger<UploadFiles>.Instance);
}
