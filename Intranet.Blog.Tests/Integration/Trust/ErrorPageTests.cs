using System.Net;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Intranet.Blog.Tests.Integration.Trust;

/// A department store whose clock fails: creating a department throws deep inside the app, as a broken disk would.
public sealed class ErrorPageTests
{
    private const string SecretName = "Geheimabteilung-im-Request-Body";
    private readonly CapturedLogs _logs = new();
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: services =>
    {
        services.AddSingleton(sp => new DepartmentStore(sp.GetRequiredService<Database>(), new BrokenClock()));
        services.AddSingleton<ILoggerProvider>(_logs);
    });

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_failure_answers_500_with_a_reference_that_is_logged_without_secrets()
    {
        var admin = await TestData.PersonAsync(_app, Roles.Admin);
        var client = await TestData.SignedInClientAsync(_app, admin);

        var response = await TestData.PostFormAsync(client, "/admin/departments", "/admin/departments", new() { ["name"] = SecretName });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var page = await TestData.ParseAsync(response);
        var reference = page.QuerySelectorAll("p").Select(p => p.TextContent).Select(ReferenceIn).SingleOrDefault(r => r is not null);
        Assert.That(reference, Is.Not.Null.And.Length.GreaterThanOrEqualTo(8), page.Body?.TextContent);
        var log = _logs.Text;
        Assert.That(log, Does.Contain(reference!), "the reference is in the log");
        Assert.That(log, Does.Contain(nameof(BrokenClock)), "the exception is in the log");
        var cookieValues = response.RequestMessage!.Headers.TryGetValues("Cookie", out var sent)
            ? sent.SelectMany(h => h.Split(';')).Select(c => c.Split('=', 2)[^1].Trim()).Where(v => v.Length > 8).ToList()
            : [];
        Assert.That(cookieValues, Is.Not.Empty, "the request carried the sign-in and antiforgery cookies, so their absence from the log means something");
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Not.Contain(admin.Password), "password");
            Assert.That(log, Does.Not.Contain(SecretName), "request body");
            foreach (var value in cookieValues)
            {
                Assert.That(log, Does.Not.Contain(value), "cookie value");
            }
        });
    }

    private static string? ReferenceIn(string text)
    {
        var colon = text.LastIndexOf(':');
        var candidate = colon < 0 ? "" : text[(colon + 1)..].Trim();
        return candidate.Length >= 8 && candidate.All(char.IsAsciiLetterOrDigit) ? candidate : null;
    }

    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException($"{nameof(BrokenClock)} failed on purpose");
    }
}
