using AngleSharp.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Web;

/// Without script, every form must carry its own antiforgery field; a page with many small forms (a reaction bar
/// per comment) is where a shared field once went missing after its first use. The small buttons now post the page's
/// one form (HTML's form attribute), so each button that posts must reach a form with the field.
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

        await TestData.PostFormAsync(client, "/", $"/posts/{postId}/reactions", new() { ["kind"] = "like" });

        foreach (var url in new[] { "/", $"/posts/{postId}" })
        {
            var page = await TestData.GetPageAsync(client, url);
            var forms = page.QuerySelectorAll("form[method=post]").ToList();
            foreach (var form in forms)
            {
                Assert.That(form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value"), Is.Not.Null.And.Not.Empty,
                    $"{url}: form {form.GetAttribute("action")}");
            }

            // Every button that submits, inside a post form or naming one: the comments' reaction buttons among them.
            var posting = page.QuerySelectorAll("button:not([type=button])")
                .Select(b => (Button: b, Form: b.GetAttribute("form") is { } id ? page.GetElementById(id) : b.Closest("form")))
                .Where(x => x.Form?.GetAttribute("method") == "post").ToList();
            Assert.That(posting.Count(x => x.Button.HasAttribute("form")), Is.GreaterThan(3), url);
            Assert.That(posting.Select(x => x.Form!.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")), Has.All.Not.Null.And.All.Not.Empty, url);
        }
    }
}
