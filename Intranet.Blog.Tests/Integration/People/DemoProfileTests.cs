using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

public sealed class DemoProfileTests
{
    [Test]
    public async Task Demo_people_have_german_bios_valid_phone_numbers_and_locations()
    {
        await using var app = new BlogAppFactory(seedDemo: true);
        _ = app.CreateClient();

        var people = await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM users");
        var withBio = await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM users WHERE bio LIKE 'Seit %im Unternehmen.%'");
        // The characters are checked here, as GLOB is SQLite's alone and PostgreSQL's patterns differ.
        await using var connection = await app.Service<Database>().OpenAsync();
        var phones = (await connection.QueryAsync<string?>("SELECT phone FROM users")).OfType<string>();
        var badPhones = phones.Count(p => p.Length == 0 || p.Length > 40 || p.Any(c => !char.IsAsciiDigit(c) && !" +/()-".Contains(c, StringComparison.Ordinal)));
        var withLocation = await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM users WHERE location <> '' AND length(location) <= 100");

        Assert.That(withBio, Is.GreaterThan(people / 2));
        Assert.That(badPhones, Is.Zero);
        Assert.That(withLocation, Is.EqualTo(people));
    }
}
