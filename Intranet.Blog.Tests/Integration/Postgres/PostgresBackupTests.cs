using System.IO.Compression;
using Dapper;
using Intranet.Blog.Tests.Support;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// `backup` and `restore` on PostgreSQL (issue 26 item 5), as an operator runs them: pg_dump's archive with the
/// uploads, the sign-in keys only when asked for, a restore that replaces the whole database in one transaction and
/// refuses, changing nothing, while a node is connected or when the archive is not a sound backup of this app.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class PostgresBackupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempDirectories _directories = new();

    [TearDown]
    public void DeleteDirectories() => _directories.DeleteAll();

    [Test, CancelAfter(400_000)]
    public async Task A_backup_restores_into_another_database_with_its_uploads_and_keys_only_when_asked_for(CancellationToken ct)
    {
        var server = await Support.Postgres.ServerAsync();
        var source = await server.CreateDatabaseAsync();
        var uploads = NewDirectory();
        await using (var node = await AppProcess.StartAsync(NewDirectory(), [.. OnPostgres(source, uploads), "--Intranet:SeedDemo=true"]))
        {
            await node.WaitForLogAsync("Demo sign-in", ct);

            using var http = new HttpClient { BaseAddress = node.Address };
            await http.GetAsync("/healthz", ct); // a first request: the sign-in keys are made
        }

        var upload = Path.Combine(uploads, $"{new string('a', 32)}.png");
        await File.WriteAllBytesAsync(upload, [0x89, 0x50, 0x4e, 0x47], ct);
        var archive = Path.Combine(NewDirectory(), "intranet.zip");
        var (exit, output, errors) = await AppProcess.RunToEndAsync(Patience, ["backup", archive, .. OnPostgres(source, uploads)]);
        Assert.That(exit, Is.Zero, errors);
        Assert.That(output, Does.Contain("holds no sign-in keys"));
        using (var zip = ZipFile.OpenRead(archive))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(new[] { "intranet.pgdump", $"uploads/{Path.GetFileName(upload)}" }));
        }

        var target = await server.CreateDatabaseAsync();
        // The uploads folder the restore goes into has a file the backup does not, and a folder of the operator's.
        var restoredUploads = NewDirectory();
        var replaced = Path.Combine(restoredUploads, $"{new string('b', 32)}.png");
        await File.WriteAllBytesAsync(replaced, [0x89, 0x50, 0x4e, 0x47], ct);
        Directory.CreateDirectory(Path.Combine(restoredUploads, "lost+found"));
        (exit, output, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", archive, .. OnPostgres(target, restoredUploads)]);
        Assert.That(exit, Is.Zero, errors + output);
        Assert.That(output, Does.Contain("everyone signs in again"));
        // File by file within the folder, which stays where it is: a mount point cannot be renamed.
        Assert.That(Directory.Exists(Path.Combine(restoredUploads, "lost+found")), Is.True, "the folder itself was not moved");
        Assert.That(File.Exists(replaced), Is.False);
        var kept = Directory.GetFiles(restoredUploads, Path.GetFileName(replaced), SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();
        Assert.That(kept.Select(Path.GetFileName), Has.One.StartsWith(".before-restore-"), "what the backup replaced is kept inside the folder");
        Assert.That(output, Does.Contain($"the uploads it replaced were kept in {kept[0]}"), "the message names where");
        Assert.That(Directory.GetDirectories(restoredUploads).Select(Path.GetFileName), Has.None.StartsWith(".restore-"), "no staging left behind");
        const string Rows = "SELECT (SELECT COUNT(*) FROM users) * 1000000 + (SELECT COUNT(*) FROM posts) * 1000 + (SELECT COUNT(*) FROM search_docs) % 1000";
        Assert.That(await ScalarAsync(target, Rows), Is.EqualTo(await ScalarAsync(source, Rows)), "people, posts and the search index");
        Assert.That(await ScalarAsync(target, "SELECT COUNT(*) FROM postgres_data_protection_keys"), Is.Zero, "no keys without --include-keys");
        Assert.That(File.Exists(Path.Combine(restoredUploads, Path.GetFileName(upload))), Is.True, "the upload");

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["backup", archive, "--include-keys", .. OnPostgres(source, uploads)]);
        Assert.That(exit, Is.Zero, errors);
        (exit, output, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", archive, .. OnPostgres(target, restoredUploads)]);
        Assert.That(exit, Is.Zero, errors + output);
        Assert.That(output, Does.Contain("people stay signed in"));
        Assert.That(await ScalarAsync(target, "SELECT COUNT(*) FROM postgres_data_protection_keys"), Is.EqualTo(await ScalarAsync(source, "SELECT COUNT(*) FROM postgres_data_protection_keys")).And.Positive);

        // A folder in the way of an upload: the database is restored, the upload cannot be put in place. The message
        // must say so and where the file waits, not that nothing was changed.
        var inTheWay = Path.Combine(restoredUploads, Path.GetFileName(upload));
        File.Delete(inTheWay);
        Directory.CreateDirectory(inTheWay);
        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", archive, .. OnPostgres(target, restoredUploads)]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith("Restore incomplete: The database was restored").And.Not.Contain("nothing was changed"));
        var waiting = Directory.GetFiles(restoredUploads, Path.GetFileName(upload), SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f))!.StartsWith(".restore-", StringComparison.Ordinal)).ToList();
        Assert.That(waiting, Has.Count.EqualTo(1), errors + string.Join(", ", Directory.GetFileSystemEntries(restoredUploads, "*", SearchOption.AllDirectories)));
        Assert.That(errors, Does.Contain(Path.GetDirectoryName(waiting[0])), "says where the upload waits");
        Directory.Delete(inTheWay);

        // The restored database is one the app starts on and serves.
        await using var restored = await AppProcess.StartAsync(NewDirectory(), OnPostgres(target, restoredUploads));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = restored.Address };
        var signIn = await TestData.SignInAsync(client, "staff@demo.example", Blog.DemoData.DemoSeeder.Password);
        Assert.That(signIn.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));
    }

    [Test, CancelAfter(400_000)]
    public async Task A_restore_changes_nothing_while_a_node_is_connected_or_when_the_archive_is_not_a_sound_backup(CancellationToken ct)
    {
        var server = await Support.Postgres.ServerAsync();
        var database = await server.CreateDatabaseAsync();
        var uploads = NewDirectory();
        var archive = Path.Combine(NewDirectory(), "intranet.zip");
        await using (var node = await AppProcess.StartAsync(NewDirectory(), [.. OnPostgres(database, uploads), "--Intranet:SeedDemo=true"]))
        {
            await node.WaitForLogAsync("Demo sign-in", ct);

            var (made, _, madeErrors) = await AppProcess.RunToEndAsync(Patience, ["backup", archive, .. OnPostgres(database, uploads)]);
            Assert.That(made, Is.Zero, madeErrors);
            await ExecuteAsync(database, "UPDATE users SET display_name = 'Nach der Sicherung' WHERE email = 'staff@demo.example'");

            var (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", archive, .. OnPostgres(database, uploads)]);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("Restore refused, nothing was changed").And.Contain("stop every node"));
        }

        var cut = Path.Combine(NewDirectory(), "cut.zip");
        var bytes = await File.ReadAllBytesAsync(archive, ct);
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)], ct);
        var sqlite = Path.Combine(NewDirectory(), "sqlite.zip");
        using (var zip = ZipFile.Open(sqlite, ZipArchiveMode.Create))
        {
            zip.CreateEntry("intranet.db");
        }

        var foreign = Path.Combine(NewDirectory(), "foreign.zip");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            await using (var entry = zip.CreateEntry("intranet.pgdump").Open())
            {
                await entry.WriteAsync("PGDMP kein echter Dump"u8.ToArray(), ct);
            }

            zip.CreateEntry("../../etc/passwd");
        }

        foreach (var (file, says) in new[] { (cut, "no complete zip archive"), (sqlite, "backup of the app on SQLite"), (foreign, "never writes") })
        {
            var (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", file, .. OnPostgres(database, uploads)]);
            Assert.That(exit, Is.EqualTo(1), file);
            Assert.That(errors, Does.Contain("nothing was changed").And.Contain(says), file);
        }

        Assert.That(await ScalarAsync(database, "SELECT COUNT(*) FROM users WHERE display_name = 'Nach der Sicherung'"), Is.EqualTo(1), "unchanged");
    }

    /// A shared uploads folder with next to no room left: a photo is refused with a sentence and leaves no file, the
    /// node keeps writing (it used to go read-only, as for its database's disk), and a restore into the folder is
    /// refused before anything is replaced, naming the folder.
    [Test, Category(TestPasses.Root), CancelAfter(400_000)]
    public async Task A_full_shared_uploads_folder_refuses_a_photo_leaving_no_file_and_a_restore_changing_nothing(CancellationToken ct)
    {
        using var share = Tmpfs.Mount("2m");
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        var archive = Path.Combine(NewDirectory(), "intranet.zip");
        await using (var node = await AppProcess.StartAsync(NewDirectory(), [.. OnPostgres(database, share.Path), "--Intranet:SeedDemo=true"]))
        {
            await node.WaitForLogAsync("Demo sign-in", ct);
            var (made, _, madeErrors) = await AppProcess.RunToEndAsync(Patience, ["backup", archive, .. OnPostgres(database, NewDirectory())]);
            Assert.That(made, Is.Zero, madeErrors);
            // Room for a small file (the restore's write check), not for a photo.
            await File.WriteAllBytesAsync(Path.Combine(share.Path, "filler"), new byte[new DriveInfo(share.Path).AvailableFreeSpace - 48 * 1024], ct);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Address };
            await TestData.SignInAsync(client, "staff@demo.example", Blog.DemoData.DemoSeeder.Password);

            using var photo = await Uploads.PostMultipartAsync(client, "/people/me/edit", "/people/me/edit", new() { ["bio"] = "Neu", ["phone"] = "", ["location"] = "" },
                "photo", new UploadFile("foto.png", NoisePng(400), "image/png"));

            Assert.That((int)photo.StatusCode, Is.EqualTo(400));
            Assert.That(await photo.Content.ReadAsStringAsync(ct), Does.Contain("Das Bild kann gerade nicht gespeichert werden"));
            Assert.That(Directory.GetFiles(share.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "filler" }), "no rendition or temporary file left");
            await TestData.MicroAsync(client, "Geht trotzdem");
            Assert.That(node.Log, Does.Not.Contain("Read-only mode"));
        }

        // An upload in the archive that does not fit.
        using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
        {
            await using var entry = await zip.CreateEntry($"uploads/{new string('c', 32)}.png").OpenAsync(ct);
            await entry.WriteAsync(NoisePng(200), ct);
        }

        await ExecuteAsync(database, "UPDATE users SET display_name = 'Nach der Sicherung' WHERE email = 'staff@demo.example'");
        var (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["restore", archive, .. OnPostgres(database, share.Path)]);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.StartWith("Restore refused, nothing was changed: The backup could not be unpacked into " + share.Path));
        Assert.That(await ScalarAsync(database, "SELECT COUNT(*) FROM users WHERE display_name = 'Nach der Sicherung'"), Is.EqualTo(1), "unchanged");
        Assert.That(Directory.GetFileSystemEntries(share.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "filler" }), "no staging left");
    }

    /// A PNG of random pixels, which no encoder can make small.
    private static byte[] NoisePng(int side)
    {
        using var bitmap = new SkiaSharp.SKBitmap(side, side);
        var random = new Random(side);
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private string[] OnPostgres(string connectionString, string uploads) =>
    [
        $"--Intranet:DataDirectory={NewDirectory()}", "--Intranet:Database=postgres", $"--Intranet:Postgres:ConnectionString={connectionString}",
        $"--Intranet:UploadsDirectory={uploads}", "--Intranet:Backup:Nightly=false",
    ];

    private string NewDirectory() => _directories.New("intranet-blog-pgbackup", create: true);

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(sql);
    }
}
