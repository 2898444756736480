using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Mail;

/// The outbox across a SIGKILL in the middle of sending: the mail is neither lost nor sent as two different messages.
[Category("Durability"), NonParallelizable] // kills an app process
public sealed class MailKillTests
{
    private string _data = null!;

    [SetUp]
    public void CreateDirectory() => _data = Path.Combine(Path.GetTempPath(), $"intranet-blog-mailkill-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Test, CancelAfter(180_000)]
    public async Task A_mail_whose_sending_was_killed_mid_transfer_goes_out_after_the_restart_once_with_its_Message_ID(CancellationToken ct)
    {
        await using var sink = await SmtpSink.StartAsync();
        sink.Hold();
        var settings = new[] { "--Intranet:SeedDemo=true" }
            .Concat(MailApp.Settings(sink.Port).Select(s => $"--{s.Key}={s.Value}")).ToArray();

        await using (var app = await AppProcess.StartAsync(_data, settings))
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Address };
            var sent = await TestData.PostFormAsync(client, "/account/forgot", "/account/forgot", new() { ["email"] = "staff@demo.example" });
            Assert.That(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            await sink.WaitForAsync(1, TimeSpan.FromSeconds(30), held: true);
            await app.KillAsync();
        }

        var messageId = sink.Held.Single().MessageId;
        sink.Release();
        Assert.That(sink.Accepted, Is.Empty, "the server never accepted the interrupted transfer");
        await using (var app = await AppProcess.StartAsync(_data, settings))
        {
            var accepted = await sink.WaitForAsync(1, TimeSpan.FromSeconds(30));
            await Task.Delay(1000, ct);
            Assert.That(sink.Accepted, Has.Count.EqualTo(1), "sent once");
            Assert.That(accepted[0].MessageId, Is.EqualTo(messageId), "the same message, not a second one");
            Assert.That(accepted[0].TextBody, Does.Contain("/account/set-password?token="));
            await app.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        await using var connection = await AppProcess.OpenDatabaseAsync(_data);
        var row = await connection.QuerySingleAsync<(long Attempts, long? SentAt)>("SELECT attempts, sent_at FROM mail_outbox");
        Assert.That(row.Attempts, Is.EqualTo(2));
        Assert.That(row.SentAt, Is.Not.Null);
    }
}
