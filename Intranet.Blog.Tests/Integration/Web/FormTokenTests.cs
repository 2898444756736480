using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Web;

/// Without script, every form must carry its own antiforgery field; a page with many small forms (a reaction bar
/// per comment) is where a shared field once went missing after its first use.
public sealed class FormTokenTests : AppFixture
{
    [Test]
    public async Task Every_form_on_the_feed_and_a_post_page_carries_an_antiforgery_field()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await TestData.MicroAsync(client, "Formulare ohne Skript");
        for (var i = 0; i < 3; i++)
        {
            await TestData.PostFormAsync(client, "/", $"/posts/{postId}/comments", new() { ["body"] = $"Kommentar {i}" });
        }

        foreach (var url in new[] { "/", $"/posts/{postId}" })
        {
            var page = await TestData.GetPageAsync(client, url);
            var forms = page.QuerySelectorAll("form[method=post]").ToList();
            Assert.That(forms, Has.Count.GreaterThan(3), url);
            foreach (var form in forms)
            {
                Assert.That(form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"), Is.Not.Null.And.Not.Empty,
                    $"{url}: form {form.GetAttribute("action")}");
            }
        }
    }
}
