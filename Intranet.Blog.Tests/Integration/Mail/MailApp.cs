using System.Text.RegularExpressions;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Intranet.Blog.Tests.Integration.Mail;

/// An app that sends mail to a real SMTP server on loopback, on a clock the test moves.
public static partial class MailApp
{
    public const string PublicUrl = "https://intranet.test.example";

    /// Tuesday 5 January 2027, 10:00 in Berlin: inside everyone's default working hours.
    public static readonly DateTimeOffset TuesdayMorning = new(2027, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string> Settings(int port) => new()
    {
        ["Intranet:Mail:Host"] = "127.0.0.1",
        ["Intranet:Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Intranet:Mail:Security"] = "None",
        ["Intranet:Mail:From"] = "Intranet <intranet@test.example>",
        ["Intranet:Mail:PublicUrl"] = PublicUrl,
        ["Intranet:Mail:MustReadGraceMinutes"] = "60",
    };

    public static BlogAppFactory Start(int port, TestClock clock) =>
        new(services: s => s.AddSingleton<TimeProvider>(clock), settings: Settings(port));

    public static async Task<int> PlanAsync(BlogAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailPlanner>().RunAsync(default);
    }

    public static Task<int> SendAsync(BlogAppFactory app) => app.Service<MailSender>().SendDueAsync(default);

    /// Plans, sends, and returns what the sink accepted for one address in all.
    public static async Task<IReadOnlyList<MimeMessage>> DeliverAsync(BlogAppFactory app, SmtpSink sink, string address)
    {
        await PlanAsync(app);
        while (await SendAsync(app) > 0)
        {
        }

        // The background sender may hold a claim a moment longer than the call above.
        for (var i = 0; i < 40 && await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND not_before <= @now", new { now = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() }) > 0; i++)
        {
            await SendAsync(app);
            await Task.Delay(50);
        }

        return To(sink, address);
    }

    public static IReadOnlyList<MimeMessage> To(SmtpSink sink, string address) =>
        sink.Accepted.Where(m => m.To.Mailboxes.Any(b => b.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    public static Task<long> OutboxAsync(BlogAppFactory app, string address) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = @address", new { address });

    /// The first link into the app in a mail's text part that starts with the given path.
    public static string Link(MimeMessage message, string path) =>
        LinkPattern().Matches(message.TextBody ?? "").Select(m => m.Value).FirstOrDefault(l => l.StartsWith(PublicUrl + path, StringComparison.Ordinal))
            ?? throw new AssertionException($"No link to {path} in:\n{message.TextBody}");

    /// The path and query of an app link, for the test's client.
    public static string Local(string link) => link[PublicUrl.Length..];

    [GeneratedRegex(@"https://intranet\.test\.example/\S+")]
    private static partial Regex LinkPattern();
}
