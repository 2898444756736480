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
        var badPhones = await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM users WHERE phone = '' OR length(phone) > 40 OR phone GLOB '*[^0-9 +/()-]*'");
        var withLocation = await TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM users WHERE location <> '' AND length(location) <= 100");

        Assert.That(withBio, Is.GreaterThan(people / 2));
        Assert.That(badPhones, Is.Zero);
        Assert.That(withLocation, Is.EqualTo(people));
    }
}
