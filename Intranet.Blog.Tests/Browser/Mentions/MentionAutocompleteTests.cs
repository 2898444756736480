using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Mentions;

public sealed class MentionAutocompleteTests : BrowserTest
{
    [TestCase(Desktop)]
    [TestCase(Phone)]
    public async Task Typing_at_offers_colleagues_and_the_chosen_one_is_linked_in_the_post(int width)
    {
        var name = width == Desktop ? "Anneliese Testfrau" : "Annelore Testmann";
        var colleague = await TestData.PersonAsync(App, name: name);
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @id", new { id = colleague.Id });
        var page = await NewSignedInPageAsync("staff@demo.example", width: width);
        var composer = page.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" });

        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("Danke @an");
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Personen zum Erwähnen" });
        await Expect(list).ToBeVisibleAsync();
        await Expect(page.Locator("#composer-body")).ToHaveAttributeAsync("aria-expanded", "true");
        // Many demo names start with "An"; typing on narrows the list the way a person would.
        // While the list is open the textarea is a combobox, so it is no longer found as a textbox.
        var typed = "an" + name[2..7].ToLowerInvariant();
        await page.Keyboard.TypeAsync(typed[2..]);
        await Expect(list).ToHaveAttributeAsync("data-query", typed); // the answer for what was typed last
        var option = list.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(name) });
        await Expect(option).ToBeVisibleAsync();
        var names = await list.GetByRole(AriaRole.Option).AllTextContentsAsync();
        var index = names.ToList().FindIndex(n => n.Contains(name, StringComparison.Ordinal));
        await ScreenshotAsync(page, $"mentions-list-{width}");
        // The first suggestion is selected as the list opens.
        for (var i = 0; i < index; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#composer-body")).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");

        await Expect(list).ToBeHiddenAsync();
        await Expect(composer).ToHaveValueAsync($"Danke @{handle} ");
        var thanks = TestData.Unique("für die Hilfe");
        await composer.PressSequentiallyAsync(thanks);
        await page.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();

        var card = Feeds.Card(page, thanks);
        await Expect(card).ToBeVisibleAsync();
        var link = card.Locator("a.mention");
        await Expect(link).ToHaveAttributeAsync("href", $"/people/{colleague.Id}");
        await Expect(link).ToHaveTextAsync($"@{handle}");
    }

    [Test]
    public async Task An_answer_arriving_after_the_choice_keeps_the_chosen_person_selected()
    {
        const string name = "Annegret Spätantwort";
        var colleague = await TestData.PersonAsync(App, name: name);
        var page = await NewSignedInPageAsync("staff@demo.example");
        var composer = page.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" });
        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("@anneg");
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Personen zum Erwähnen" });
        await Expect(list).ToHaveAttributeAsync("data-query", "anneg");
        var option = list.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(name) });
        var index = (await list.GetByRole(AriaRole.Option).AllTextContentsAsync()).ToList().FindIndex(n => n.Contains(name, StringComparison.Ordinal));
        // The first suggestion is selected as the list opens.
        for (var i = 0; i < index; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        // The answer to the next letter is held back until the choice is made, as a slow network would.
        var held = new TaskCompletionSource();
        var asked = new TaskCompletionSource();
        await page.RouteAsync(new Regex(@"/people/suggest\?q=annegr"), async route =>
        {
            asked.TrySetResult();
            await held.Task;
            await route.ContinueAsync();
        });
        await page.Keyboard.TypeAsync("r");
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        held.SetResult();

        await Expect(list).ToHaveAttributeAsync("data-query", "annegr");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#composer-body")).ToHaveAttributeAsync("aria-activedescendant", (await option.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @id", new { id = colleague.Id });
        await Expect(composer).ToHaveValueAsync($"@{handle} ");
    }

    [Test]
    public async Task The_first_suggestion_is_selected_as_the_list_opens_and_Enter_takes_it_into_a_linked_post()
    {
        var name = "Ottilie " + TestData.Unique("Erstvorschlag")[^8..];
        var colleague = await TestData.PersonAsync(App, name: name);
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @id", new { id = colleague.Id });
        var page = await NewSignedInPageAsync("staff@demo.example");
        var composer = page.Locator("#composer-body");

        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("Danke @" + handle[..Math.Min(handle.Length, 12)]);
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Personen zum Erwähnen" });
        var first = list.GetByRole(AriaRole.Option).First;
        await Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(first).ToContainTextAsync(name);
        await Expect(composer).ToHaveAttributeAsync("aria-activedescendant", (await first.GetAttributeAsync("id"))!);
        await page.Keyboard.PressAsync("Enter");

        await Expect(list).ToBeHiddenAsync();
        await Expect(composer).ToHaveValueAsync($"Danke @{handle} ");
        var more = TestData.Unique("fürs Einspringen");
        await composer.PressSequentiallyAsync(more);
        await page.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();

        var link = Feeds.Card(page, more).Locator("a.mention");
        await Expect(link).ToHaveAttributeAsync("href", $"/people/{colleague.Id}");
        await Expect(link).ToHaveTextAsync($"@{handle}");
    }

    [Test]
    public async Task Tab_takes_the_selected_suggestion_and_ArrowUp_moves_to_the_last()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var composer = page.Locator("#composer-body");

        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("@an");
        var list = page.GetByRole(AriaRole.Listbox, new() { Name = "Personen zum Erwähnen" });
        await Expect(list.GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("ArrowUp");
        var last = list.GetByRole(AriaRole.Option).Last;
        await Expect(last).ToHaveAttributeAsync("aria-selected", "true");
        var handle = (await last.Locator(".mention-handle").TextContentAsync())!;
        await page.Keyboard.PressAsync("Tab");

        await Expect(list).ToBeHiddenAsync();
        await Expect(composer).ToHaveValueAsync($"{handle} ");
        await Expect(composer).ToBeFocusedAsync();
    }

    [Test]
    public async Task Escape_closes_the_list_and_typing_goes_on()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var composer = page.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" });

        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("@an");
        var list = page.GetByRole(AriaRole.Listbox);
        await Expect(list).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");

        await Expect(list).ToBeHiddenAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync("@an\n");
    }
}
