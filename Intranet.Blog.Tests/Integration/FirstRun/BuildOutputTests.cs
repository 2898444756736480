using System.Net;
using System.Runtime.InteropServices;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.FirstRun;

/// What an administrator does first: build or publish into a directory of their own and start the dll there with no
/// environment set, over plain HTTP.
[NonParallelizable]
public sealed class BuildOutputTests
{
    private string _copy = null!;
    private string _data = null!;

    [SetUp]
    public void Directories()
    {
        _copy = Path.Combine(Path.GetTempPath(), $"intranet-build-{Guid.NewGuid():N}");
        _data = Path.Combine(Path.GetTempPath(), $"intranet-blog-{Guid.NewGuid():N}");
    }

    [TearDown]
    public void Clean()
    {
        foreach (var dir in new[] { _copy, _data }.Where(Directory.Exists))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// `dotnet build -o <dir>` carries the migrations but not wwwroot/; outside the checkout the app stopped with
    /// "Cannot find wwwroot/ and migrations/". The app's own build output, copied out of the checkout, is that case.
    [Test]
    public async Task The_build_output_started_outside_the_checkout_runs_and_warns_about_plain_http()
    {
        CopyBuildOutput(_copy);

        await using var app = await AppProcess.StartFromAsync(_copy, _data, "--environment", "Production", "--Intranet:SeedDemo=false");
        using var http = new HttpClient { BaseAddress = app.Address };

        Assert.That((await http.GetAsync("/css/site.css")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "wwwroot found");
        var signIn = await http.GetAsync("/account/signin");
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signIn.Content.ReadAsStringAsync());
        Assert.That(await signIn.Content.ReadAsStringAsync(), Does.Contain("Intranet:SecureCookies"));
        Assert.That(app.Log, Does.Contain("WARNING: nobody can sign in over http://").And.Contain("--Intranet:SecureCookies=false"), app.Log);
    }

    [Test]
    public void Without_wwwroot_anywhere_the_message_says_to_use_dotnet_publish()
    {
        Directory.CreateDirectory(_copy);

        var refused = Assert.Throws<InvalidOperationException>(() => AppLayout.Locate(_copy, Path.Combine(_copy, "gone")));

        Assert.That(refused!.Message, Does.Contain("Cannot find wwwroot/ and migrations/").And.Contain("dotnet publish"));
    }

    [Test]
    public void A_published_layout_next_to_the_binaries_wins_over_the_checkout()
    {
        Directory.CreateDirectory(Path.Combine(_copy, "wwwroot"));
        Directory.CreateDirectory(Path.Combine(_copy, "migrations"));

        Assert.That(AppLayout.Locate(_copy, AppLayout.Root), Is.EqualTo(new DirectoryInfo(_copy).FullName));
    }

    /// The app's bin directory is what `dotnet build -o` writes; native libraries only for this machine.
    private static void CopyBuildOutput(string target)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var source = Path.Combine(AppLayout.Root, "Intranet.Blog", "bin", configuration, "net10.0");
        // This machine's runtime and the families it belongs to: linux-x64 also loads from linux/ (the LDAP client's
        // managed assembly is there) and unix/.
        var rid = RuntimeInformation.RuntimeIdentifier;
        string[] ours = [rid, rid.Split('-')[0], "unix"];
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("runtimes" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !ours.Any(r => relative.StartsWith(Path.Combine("runtimes", r) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        Assert.That(Directory.Exists(Path.Combine(target, "wwwroot")), Is.False, "a build output has no wwwroot of its own");
    }
}
