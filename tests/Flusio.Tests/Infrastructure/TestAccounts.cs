using Flusio.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Infrastructure;

/// <summary>Builders for test accounts: each test makes its own users, with unique names.</summary>
public static class TestAccounts
{
    public const string Password = "correct horse battery";

    static TestAccounts() => TestSecrets.Remember(Password, "password");

    /// <summary>
    /// Hashing cost is a production setting (100,000 PBKDF2 iterations, a tenth of a second
    /// a hash), not what these tests are about: in-process apps hash with 1,000, the same
    /// algorithm and format. Processes started by the tests keep the production cost.
    /// </summary>
    public static void FastHashing(Microsoft.AspNetCore.Identity.PasswordHasherOptions options) => options.IterationCount = 1_000;

    public static string UniqueName(string prefix = "user") => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(24, prefix.Length + 16)];

    public static async Task<User> CreateUserAsync(this FlusioApp app, string? username = null, bool validated = true, bool admin = false, string password = Password)
    {
        username ??= UniqueName();
        TestSecrets.Remember(password, "password");
        return await app.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<AccountRegistrar>()
                .CreateAsync(new AccountRegistrar.NewAccount(username, $"{username}@example.test", password, "en") { EmailConfirmed = validated, IsAdmin = admin });
            return result.User ?? throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        });
    }

    public static async Task<User> CreateUserAsync(this ServiceHost host, string? username = null, bool admin = false)
    {
        username ??= UniqueName();
        return await host.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<AccountRegistrar>()
                .CreateAsync(new AccountRegistrar.NewAccount(username, $"{username}@example.test", Password, "en") { EmailConfirmed = true, IsAdmin = admin });
            return result.User ?? throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        });
    }

    /// <summary>A browser logged in as a new user.</summary>
    public static async Task<(TestBrowser Browser, User User)> LoggedInAsync(this FlusioApp app, bool admin = false)
    {
        var user = await app.CreateUserAsync(admin: admin);
        var browser = app.Browser();
        var page = await browser.LoginAsync(user.UserName!);
        if (!page.IsRedirectTo("/news"))
        {
            throw new InvalidOperationException($"Login failed: {page.Status} {page.Text}");
        }

        return (browser, user);
    }

    public static Task<TestBrowser.Page> RegisterAsync(this TestBrowser browser, string username, string email, string password = Password) =>
        browser.SubmitAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Email"] = email,
            ["Password"] = TestSecrets.Remember(password, "password"),
        });

    public static Task<TestBrowser.Page> LoginAsync(this TestBrowser browser, string identifier, string password = Password) =>
        browser.SubmitAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Identifier"] = identifier,
            ["Password"] = TestSecrets.Remember(password, "password"),
        });
}
