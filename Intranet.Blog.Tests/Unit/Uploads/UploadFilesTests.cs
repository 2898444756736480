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

    private static UploadFiles Files(IntranetOptions options) => new(Options.Create(options), NullLogger<UploadFiles>.Instance);
}
