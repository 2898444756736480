using System.Net;
using System.Xml.Linq;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intranet.Blog.Tests.Integration.Faults;

/// The data-protection keys sign every cookie and form token: a key file a crash left empty made every sign-in
/// page answer 500 ("Root element is missing") for good, while /healthz and /readyz said 200.
[Category("Faults")]
public sealed class KeyFileTests
{
    private string _data = null!;

    [SetUp]
    public void CreateDirectory() => _data = Directory.CreateTempSubdirectory("intranet-blog-keys-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    // Key files are SQLite's: on PostgreSQL the keys are rows of the database (PostgresKeyRepository).
    [Test, Category(TestEngine.SqliteOnly)]
    public async Task An_empty_key_file_is_set_aside_with_a_warning_naming_it_and_a_new_key_lets_people_sign_in()
    {
        // An installation that has run (a database and its key), whose key file a crash then left empty.
        await using (var first = new BlogAppFactory(dataDirectory: _data) { KeepData = true })
        {
            await first.CreateClient().GetAsync("/account/signin");
        }

        var damaged = Directory.GetFiles(Path.Combine(_data, "keys"), "*.xml").Single();
        await File.WriteAllBytesAsync(damaged, []);
        var logs = new CapturedLogs();
        await using var app = new BlogAppFactory(services: s => s.AddSingleton<ILoggerProvider>(logs), dataDirectory: _data);

        var signIn = await app.CreateClient().GetAsync("/account/signin");
        var person = await TestData.PersonAsync(app);
        using var client = await TestData.SignedInClientAsync(app, person);

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signIn.Content.ReadAsStringAsync());
        Assert.That(File.Exists(damaged), Is.False);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(damaged)!, Path.GetFileName(damaged) + ".damaged-*"), Has.Length.EqualTo(1));
        Assert.That(logs.Text, Does.Contain("Warning").And.Contain(damaged + " is damaged"));
        var keys = Directory.GetFiles(Path.GetDirectoryName(damaged)!, "*.xml");
        Assert.That(keys, Has.Length.EqualTo(1), "a new key");
        Assert.That(XElement.Load(keys[0]).Name.LocalName, Is.EqualTo("key"));
    }

    [Test]
    public void A_key_is_written_whole_under_its_name_with_nothing_left_beside_it()
    {
        var repository = new DurableKeyRepository(new DirectoryInfo(Path.Combine(_data, "keys")), TimeProvider.System, NullLogger<DurableKeyRepository>.Instance);
        // A crash during an earlier write leaves a partial file; it is not a key and is never read as one.
        Directory.CreateDirectory(Path.Combine(_data, "keys"));
        File.WriteAllText(Path.Combine(_data, "keys", "key-earlier.xml.0123.partial"), "<key");

        repository.StoreElement(new XElement("key", new XAttribute("id", "one")), "key-one");

        Assert.That(Directory.GetFiles(Path.Combine(_data, "keys"), "*.xml").Select(Path.GetFileName), Is.EqualTo(new[] { "key-one.xml" }));
        Assert.That(repository.GetAllElements().Select(e => e.Attribute("id")!.Value), Is.EqualTo(new[] { "one" }));
    }
}
