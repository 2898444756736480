using System.Buffers.Binary;
using System.Net;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Integration.Trust;

/// Stored hashes are read in ASP.NET Core Identity's v3 format: 0x01, PRF, iteration count, salt length (all
/// big-endian uint32), salt, subkey. The run hashes cheaply (TestRun); this fixture runs alone with the production
/// count restored, so what it reads is what the app stores.
[NonParallelizable]
public sealed class PasswordTests
{
    private const uint HmacSha512 = 2;
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        Passwords.UseIterations(Passwords.Iterations);
        _app = new BlogAppFactory();
        _admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        Passwords.UseIterations(1_000);
    }

    [Test]
    public async Task A_password_set_by_an_admin_is_stored_as_pbkdf2_hmac_sha512_with_at_least_210000_iterations()
    {
        var email = await CreateThroughAdminFormAsync("ein langes Passwort");

        var (prf, iterations) = Decode(await HashOfAsync(email));

        Assert.That(prf, Is.EqualTo(HmacSha512));
        Assert.That(iterations, Is.GreaterThanOrEqualTo(Passwords.Iterations).And.GreaterThanOrEqualTo(210_000));
    }

    [Test]
    public async Task A_hash_from_the_old_default_still_signs_in_and_is_upgraded()
    {
        var person = await TestData.PersonAsync(_app);
        var old = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(new object(), person.Password);
        await ExecuteAsync("UPDATE users SET password_hash = @old WHERE id = @id", new { old, id = person.Id });

        await TestData.SignedInClientAsync(_app, person);

        var (_, iterations) = Decode(await HashOfAsync(person.Email));
        Assert.That(iterations, Is.GreaterThanOrEqualTo(Passwords.Iterations).And.GreaterThanOrEqualTo(210_000));
    }

    [Test]
    public async Task A_128_character_password_works()
    {
        var password = string.Concat(Enumerable.Repeat("Pässwort-", 15))[..128];
        var email = await CreateThroughAdminFormAsync(password);

        var client = await TestData.SignedInClientAsync(_app, new TestPerson(0, email, "", password));

        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_password_shorter_than_the_minimum_is_refused_by_the_admin_form()
    {
        var email = $"{Guid.NewGuid():N}@test.example";

        var response = await TestData.PostFormAsync(_admin, "/admin/people/new", "/admin/people", Person(email, new string('x', Passwords.MinLength - 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM users WHERE email = @email", new { email }), Is.Zero);
    }

    private async Task<string> CreateThroughAdminFormAsync(string password)
    {
        var email = $"{Guid.NewGuid():N}@test.example";
        var response = await TestData.PostFormAsync(_admin, "/admin/people/new", "/admin/people", Person(email, password));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return email;
    }

    private static Dictionary<string, string> Person(string email, string password) => new()
    {
        ["displayName"] = TestData.Unique("Person"),
        ["email"] = email,
        ["title"] = "Tester",
        ["role"] = Roles.Staff,
        ["password"] = password,
    };

    private Task<string> HashOfAsync(string email) =>
        TestData.ScalarAsync<string>(_app, "SELECT password_hash FROM users WHERE email = @email", new { email });

    private async Task ExecuteAsync(string sql, object args)
    {
        await using var connection = await _app.Service<Database>().OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    private static (uint Prf, uint Iterations) Decode(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.That(bytes[0], Is.EqualTo(0x01), "Identity v3 format marker");
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9));
        Assert.That(saltLength, Is.GreaterThanOrEqualTo(16), "salt length");
        return (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}
