using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

[Collection("browser")]
public sealed class PasskeyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_passkey_added_in_the_security_settings_logs_in_without_a_password()
    {
        // WebAuthn refuses an IP address as relying party: the same server, named localhost
        // (a secure context over plain HTTP, like 127.0.0.1).
        var page = await browser.NewPageAsync(browser.App.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        await AddVirtualAuthenticatorAsync(page);
        var user = await browser.App.CreateUserAsync();

        await page.LogInAsync(user.UserName!);
        await page.OpenAccountMenuItemAsync("Security");
        await page.GetByLabel("Name of the new passkey").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The passkey is added" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Test laptop" })).ToBeVisibleAsync();
        Screenshots.AssertWritten(await Screenshots.ShootAsync(page, "settings-security-passkey"));

        await page.LogOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in with a passkey" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        await Expect(page.Locator(".account-menu__name")).ToHaveTextAsync(user.UserName!);
        await page.Context.CloseAsync();
    }

    /// <summary>Chromium's virtual authenticator: a platform authenticator that always verifies the user.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}
