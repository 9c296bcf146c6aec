using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flusio.Tests.Browser;

[Collection("browser")]
public sealed class AccountFlowTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_person_registers_validates_secures_the_account_with_a_code_and_chooses_dark_and_french()
    {
        var page = await browser.NewPageAsync();
        var name = TestAccounts.UniqueName("flow");
        var email = $"{name}@example.test";

        // Register with the labelled fields; the app signs in and asks to validate the address.
        await page.GotoAsync("/register");
        await page.GetByLabel("Username").FillAsync(name);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "not validated yet" })).ToBeVisibleAsync();
        var shots = new List<string>(await Screenshots.ShootAsync(page, "flow-registered"));

        // The mailed link opens in the browser and validates the address.
        var link = await BrowserSteps.MailedLinkAsync(email, "Validate your e-mail address");
        Assert.StartsWith(browser.App.BaseUrl + "/", link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your e-mail address is validated" })).ToBeVisibleAsync();

        await page.LogOutAsync();
        await page.LogInAsync(name);
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        await Expect(page.GetByText("not validated yet")).ToHaveCountAsync(0);

        // Settings → Security → authenticator app: the key on the page gives the codes.
        await page.OpenAccountMenuItemAsync("Security");
        await Expect(page).ToHaveURLAsync(new Regex("/settings/security$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        var authenticator = await page.ReadAuthenticatorAsync();
        var (code, step) = authenticator.FreshCode();
        await page.GetByLabel("Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable two-factor authentication" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        shots.AddRange(await Screenshots.ShootAsync(page, "flow-recovery-codes"));
        Assert.True(await page.Locator("[data-recovery-codes] li").CountAsync() >= 8);

        // Password, then a code from the authenticator.
        await page.LogOutAsync();
        await page.LogInAsync(name);
        await Expect(page).ToHaveURLAsync(new Regex("/login/two-factor"));
        shots.AddRange(await Screenshots.ShootAsync(page, "flow-two-factor"));
        await page.GetByLabel("Code").FillAsync(authenticator.FreshCode(usedStep: step).Code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/news$"));

        // Preferences: dark theme and French apply at once.
        await page.OpenAccountMenuItemAsync("Preferences");
        await page.GetByLabel("Language").SelectOptionAsync("fr");
        await page.GetByLabel("Dark").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/preferences$"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        Assert.Equal("rgb(21, 23, 26)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await Expect(page.Locator("input[name=Theme][value=dark]")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Préférences" })).ToBeVisibleAsync();
        shots.AddRange(await Screenshots.ShootAsync(page, "flow-preferences-fr-dark"));
        Screenshots.AssertWritten(shots);

        await page.LogOutAsync();
        // The language stays for the login page; the theme belongs to the signed-in user.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await page.Context.CloseAsync();
    }
}
