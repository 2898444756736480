using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Account;

/// What a start does with an empty database, on the real app as a process (its console output is the banner).
public sealed partial class FirstStartTests
{
    private readonly List<string> _directories = [];

    [TearDown]
    public void Clean()
    {
        SqliteConnection.ClearAllPools();
        foreach (var directory in _directories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"intranet-blog-first-{Guid.NewGuid():N}");
        _directories.Add(directory);
        return directory;
    }

    private static readonly string[] Production = ["--environment", "Production", "--Intranet:SecureCookies=false", "--Intranet:Backup:Nightly=false"];

    [Test, CancelAfter(120_000)]
    public async Task Outside_development_the_first_start_creates_nobody_and_prints_a_one_time_link_for_the_first_admin(CancellationToken ct)
    {
        var data = NewDirectory();
        await using var app = await AppProcess.StartAsync(data, Production);
        var link = await BannerLinkAsync(app, ct);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };

        Assert.That(app.Log, Does.Not.Contain("demo.example"), "no demo accounts");
        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM users"), Is.Zero);
        Assert.That(Regex.Matches(app.Log, Regex.Escape(link.Query)), Has.Count.EqualTo(1), "the link is printed once and logged nowhere else");

        var page = await TestData.GetPageAsync(client, link.PathAndQuery);
        await TestData.GetPageAsync(client, link.PathAndQuery);
        Assert.That(page.QuerySelector("form[method=post][action='/account/first-admin'] button[type=submit]"), Is.Not.Null, "a page with a button");
        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM one_time_links WHERE used_at IS NULL"), Is.EqualTo(1), "opening the link twice used nothing up");

        var token = page.QuerySelector("input[name=token]")!.GetAttribute("value")!;
        var created = await TestData.PostFormAsync(client, link.PathAndQuery, "/account/first-admin",
            new() { ["token"] = token, ["name"] = "Erste Admin", ["email"] = "erste@firma.example", ["password"] = "ein gutes Passwort" });

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await created.Content.ReadAsStringAsync());
        Assert.That((await client.GetAsync("/admin/people")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "signed in as the admin");
        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM users WHERE role = 'Admin' AND email = 'erste@firma.example'"), Is.EqualTo(1));
        using var other = new HttpClient { BaseAddress = app.Address };
        Assert.That((await other.GetAsync(link.PathAndQuery)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "used up");
        var again = await TestData.PostFormAsync(other, "/account/signin", "/account/first-admin",
            new() { ["token"] = token, ["name"] = "Zweiter", ["email"] = "zweiter@firma.example", ["password"] = "noch ein Passwort" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM users"), Is.EqualTo(1));
    }

    [Test, CancelAfter(180_000)]
    public async Task Seeding_the_demo_outside_development_is_on_purpose_and_the_banner_says_the_passwords_are_public(CancellationToken ct)
    {
        var data = NewDirectory();
        await using var app = await AppProcess.StartAsync(data, [.. Production, "--Intranet:SeedDemo=true"]);
        await WaitForAsync(app, "Demo sign-in", ct);

        Assert.That(app.Log, Does.Contain("passwords are public"));
        Assert.That(app.Log, Does.Not.Contain("first-admin?token="));
        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM users"), Is.GreaterThan(100));
    }

    [TestCase("empty")]
    [TestCase("deleted")]
    public async Task A_lost_database_in_a_directory_that_held_one_is_refused_with_one_sentence_not_replaced_by_the_demo(string how)
    {
        var data = NewDirectory();
        await using (var first = await AppProcess.StartAsync(data, "--Intranet:SeedDemo=true", "--Intranet:Backup:Nightly=false"))
        {
            await first.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        foreach (var file in Directory.GetFiles(data, "intranet.db*"))
        {
            File.Delete(file);
        }

        if (how == "empty")
        {
            await File.WriteAllBytesAsync(Path.Combine(data, "intranet.db"), []);
        }

        var (exit, output) = await RunToExitAsync(data, "--Intranet:SeedDemo=true");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1), output);
        Assert.That(output, Does.Contain("restore").And.Contain(how == "empty" ? "empty" : "missing"));
        Assert.That(new FileInfo(Path.Combine(data, "intranet.db")) is { Exists: false } or { Length: 0 }, Is.True, "no demo put in its place");
    }

    /// A first start that failed before it made a database (here SQLite cannot open the file: a directory stands in its
    /// place; a disk that filled up or Ctrl+C during the migrations would do the same) held nothing: once that is put
    /// right, the next start is a first start, not a lost database that asks for a backup that never existed.
    [Test, CancelAfter(180_000)]
    public async Task A_first_start_that_failed_before_its_database_existed_does_not_make_the_directory_refuse_every_start(CancellationToken ct)
    {
        var data = NewDirectory();
        Directory.CreateDirectory(Path.Combine(data, "intranet.db"));
        var (exit, failed) = await RunToExitAsync(data, "--Intranet:SeedDemo=true", "--Intranet:Backup:Nightly=false");
        Assert.That(exit, Is.Not.Zero, failed);
        Directory.Delete(Path.Combine(data, "intranet.db"));

        await using var app = await AppProcess.StartAsync(data, "--Intranet:SeedDemo=true", "--Intranet:Backup:Nightly=false");
        await WaitForAsync(app, "Demo sign-in", ct);

        Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM users"), Is.GreaterThan(100), app.Log);
        Assert.That(File.Exists(Path.Combine(data, "installed")), Is.True, "marked once the start got through");
    }

    private static async Task<Uri> BannerLinkAsync(AppProcess app, CancellationToken ct)
    {
        await WaitForAsync(app, "first-admin?token=", ct);
        return new Uri(BannerLink().Match(app.Log).Value);
    }

    private static async Task WaitForAsync(AppProcess app, string text, CancellationToken ct)
    {
        while (!app.Log.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(50, ct);
        }
    }

    private static async Task<long> CountAsync(string data, string sql)
    {
        await using var connection = await AppProcess.OpenDatabaseAsync(data);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<(int Exit, string Output)> RunToExitAsync(string data, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Intranet.Blog.dll"), "--urls", "http://127.0.0.1:0", "--Intranet:DataDirectory=" + data, "--environment", "Testing" }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"http://\S+/account/first-admin\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex BannerLink();
}
