using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

/// <summary>Collections and links made with the keyboard alone.</summary>
[Collection("browser")]
public sealed class CollectionKeyboardTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_collection_and_a_link_in_it_are_made_with_the_keyboard_alone()
    {
        var page = await browser.NewPageAsync();
        var user = await browser.App.CreateUserAsync();
        await page.LogInAsync(user.UserName!);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        await page.GotoAsync("/collections/new");
        // The name field has the focus; Tab leads to the description, the box, the button.
        await page.Keyboard.TypeAsync("Keyboard picks");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Chosen *without* a mouse");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/collections/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Keyboard picks");
        await Expect(page.Locator(".collection-description em")).ToHaveTextAsync("without");
        await Expect(page.GetByText("Public collection")).ToBeVisibleAsync();

        await page.GotoAsync("/links/new");
        await page.Keyboard.TypeAsync("https://site.example/typed");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Keyboard picks" })).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/links/[0-9a-f-]{36}/collections$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remove.*Keyboard picks$") })).ToBeVisibleAsync();

        await page.GotoAsync("/collections");
        await page.GetByRole(AriaRole.Link, new() { Name = "Keyboard picks" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "https://site.example/typed", Exact = true })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
