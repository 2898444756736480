using Dapper;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Links;

/// The one-time link mechanism on its own: issue for a purpose, a person and an end; find (the GET page); redeem once
/// inside a write (the POST).
public sealed class OneTimeLinkTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private OneTimeLinks Links => _app.Service<OneTimeLinks>();

    private async Task<OneTimeLink?> RedeemAsync(string? token, string purpose)
    {
        await using var scope = await _app.Service<Database>().BeginWriteAsync();
        var link = await Links.RedeemAsync(scope.Connection, scope.Transaction, token, purpose);
        await scope.CommitAsync();
        return link;
    }

    [Test]
    public async Task A_link_is_found_for_its_purpose_and_person_until_it_is_redeemed_once()
    {
        var person = await TestData.PersonAsync(_app);
        var until = _clock.GetUtcNow().AddHours(2);
        var token = await Links.IssueAsync("test-purpose", person.Id, until, CancellationToken.None);

        var found = await Links.FindAsync(token, "test-purpose", CancellationToken.None);
        var foundAgain = await Links.FindAsync(token, "test-purpose", CancellationToken.None);
        var redeemed = await RedeemAsync(token, "test-purpose");
        var redeemedAgain = await RedeemAsync(token, "test-purpose");

        Assert.That(found, Is.Not.Null);
        Assert.That((found!.Purpose, found.PersonId, found.ExpiresAt.ToUnixTimeMilliseconds()), Is.EqualTo(("test-purpose", (long?)person.Id, until.ToUnixTimeMilliseconds())));
        Assert.That(foundAgain, Is.EqualTo(found), "finding it (a GET) does not use it up");
        Assert.That(redeemed, Is.EqualTo(found));
        Assert.That(redeemedAgain, Is.Null, "one time only");
        Assert.That(await Links.FindAsync(token, "test-purpose", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_link_serves_no_other_purpose()
    {
        var token = await Links.IssueAsync("invitation-test", null, _clock.GetUtcNow().AddHours(1), CancellationToken.None);

        Assert.That(await Links.FindAsync(token, LinkPurposes.FirstAdmin, CancellationToken.None), Is.Null);
        Assert.That(await RedeemAsync(token, LinkPurposes.FirstAdmin), Is.Null);
        Assert.That(await RedeemAsync(token, "invitation-test"), Is.Not.Null, "still usable for its own purpose");
    }

    [Test]
    public async Task An_expired_link_is_neither_found_nor_redeemed()
    {
        var token = await Links.IssueAsync("expiring-test", null, _clock.GetUtcNow().AddMinutes(30), CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(31));

        Assert.That(await Links.FindAsync(token, "expiring-test", CancellationToken.None), Is.Null);
        Assert.That(await RedeemAsync(token, "expiring-test"), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-a-token")]
    [TestCase("' OR 1=1 --")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Anything_that_was_not_issued_is_no_link(string? token)
    {
        Assert.That(await Links.FindAsync(token, "test-purpose", CancellationToken.None), Is.Null);
        Assert.That(await RedeemAsync(token, "test-purpose"), Is.Null);
    }

    /// A copy of the database (a backup) holds no usable link: only the token's hash is stored.
    [Test]
    public async Task The_database_keeps_only_a_hash_of_the_token()
    {
        var token = await Links.IssueAsync("hash-test", null, _clock.GetUtcNow().AddHours(1), CancellationToken.None);

        await using var connection = await _app.Service<Database>().OpenAsync();
        var rows = (await connection.QueryAsync<(byte[] Hash, string Purpose)>("SELECT token_hash, purpose FROM one_time_links WHERE purpose = 'hash-test'")).ToList();

        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0].Hash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))));
        Assert.That(token, Has.Length.EqualTo(43).And.Match("^[A-Za-z0-9_-]+$"), "256 random bits, URL-safe");
    }
}
