using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

[Collection("browser")]
public sealed class KeyboardTests(BrowserFixture browser)
{
    /// <summary>What the page says of its focused element (filled by Playwright from JSON).</summary>
    public sealed class Focused
    {
        public string Id { get; set; } = "";

        public string Text { get; set; } = "";

        public string Tag { get; set; } = "";

        public string OutlineStyle { get; set; } = "";

        public double OutlineWidth { get; set; }

        public bool InViewport { get; set; }
    }

    [BrowserFact]
    public async Task Tabbing_through_the_login_page_reaches_the_skip_link_then_the_fields_then_the_button_each_with_a_visible_outline()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/login");

        await page.Keyboard.PressAsync("Tab");
        Screenshots.AssertWritten(await Screenshots.ShootAsync(page, "keyboard-skip-link-focused"));
        await page.ReloadAsync();

        var visited = new List<Focused>();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            visited.Add(await FocusedAsync(page));
        }

        Assert.Equal("Skip to content", visited[0].Text);
        Assert.True(visited[0].InViewport, "The skip link shows itself when focused");
        var order = new[] { "Identifier", "Password", "RememberMe" }
            .Select(id => visited.FindIndex(f => f.Id == id))
            .Append(visited.FindIndex(f => f.Tag == "button" && f.Text == "Log in"))
            .ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        foreach (var focused in visited.Take(order[^1] + 1))
        {
            Assert.True(focused.OutlineStyle != "none" && focused.OutlineWidth >= 2,
                $"{focused.Tag} '{focused.Id}{focused.Text}' has no visible focus outline ({focused.OutlineStyle} {focused.OutlineWidth}px)");
        }

        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_skip_link_moves_the_keyboard_to_the_first_field()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/login");

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");

        await Expect(page.GetByLabel("Username or e-mail")).ToBeFocusedAsync();
        Screenshots.AssertWritten(await Screenshots.ShootAsync(page, "keyboard-first-field-focused"));
        await page.Context.CloseAsync();
    }

    private static Task<Focused> FocusedAsync(IPage page) => page.EvaluateAsync<Focused>("""
        () => {
            const e = document.activeElement;
            const style = getComputedStyle(e);
            const box = e.getBoundingClientRect();
            return {
                id: e.id || "",
                text: (e.innerText || "").trim(),
                tag: e.tagName.toLowerCase(),
                outlineStyle: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth) || 0,
                inViewport: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight,
            };
        }
        """);
}
