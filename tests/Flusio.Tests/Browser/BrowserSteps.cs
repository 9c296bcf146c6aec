using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;
using OtpNet;

namespace Flusio.Tests.Browser;

/// <summary>What a person does in the browser, step by step, through labels and roles.</summary>
public static partial class BrowserSteps
{
    public static async Task LogInAsync(this IPage page, string identifier, string password = TestAccounts.Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username or e-mail").FillAsync(identifier);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>Logs out through the account menu, as a person would, and lands on the login page.</summary>
    public static async Task LogOutAsync(this IPage page)
    {
        await page.Locator(".account-menu summary").ClickAsync();
        await page.Locator(".account-menu__panel").GetByRole(AriaRole.Button).ClickAsync();
        // The URL is polled: waiting for a navigation event instead can miss one that
        // commits between the click and the wait, on a loaded machine.
        await Microsoft.Playwright.Assertions.Expect(page).ToHaveURLAsync(LoginPage());
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".account-menu")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/login(\?|$)")]
    private static partial Regex LoginPage();

    public static async Task OpenAccountMenuItemAsync(this IPage page, string name)
    {
        await page.Locator(".account-menu summary").ClickAsync();
        await page.Locator(".account-menu__panel").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
    }

    public static async Task<string> MailedLinkAsync(string to, string subject)
    {
        var mail = await FlusioApp.Smtp.WaitForMailAsync(to, m => m.Subject == subject);
        return LinkPattern().Match(mail.TextBody ?? "").Value;
    }

    /// <summary>The shared key shown on the authenticator set-up page, as the app shows it.</summary>
    public static async Task<Totp> ReadAuthenticatorAsync(this IPage page)
    {
        var shown = await page.Locator("[data-totp-key]").InnerTextAsync();
        return new Totp(Base32Encoding.ToBytes(shown.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()));
    }

    /// <summary>
    /// A code for a time step other than <paramref name="usedStep"/>: the current one when it
    /// differs, else the next one, which an authenticator shows within 30 s and which the
    /// server accepts already (it allows a little clock drift). No test waits for the clock.
    /// </summary>
    public static (string Code, long Step) FreshCode(this Totp totp, long? usedStep = null)
    {
        var now = DateTime.UtcNow;
        var step = new DateTimeOffset(now).ToUnixTimeSeconds() / 30;
        if (step == usedStep)
        {
            now = now.AddSeconds(30);
            step++;
        }

        return (totp.ComputeTotp(now), step);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
