using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Flusio.Tests.Accounts;

/// <summary>
/// Guessing slows the guesser, not the owner, and never tells which accounts exist: five
/// failures stop that address for that account (four do not), unknown names answer alike,
/// the lock ends on the app's clock or with a password reset, and every check of a password
/// or code counts.
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Locked = "Too many failed attempts. Wait 15 minutes and try again, or reset your password.";
    private const string Incorrect = "Incorrect username, e-mail or password.";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Five_failures_stop_that_address_for_that_account_and_four_do_not(Db db)
    {
        using var app = new FlusioApp(db);
        var user = await app.CreateUserAsync();

        using var patient = app.Browser();
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains(Incorrect, (await patient.LoginAsync(user.UserName!, "wrong " + i)).Text, StringComparison.Ordinal);
        }

        Assert.True((await patient.LoginAsync(user.UserName!)).IsRedirectTo("/news"), "four failures, then the right password");

        using var guesser = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            Assert.Contains(Incorrect, (await guesser.LoginAsync(user.UserName!, "guess " + i)).Text, StringComparison.Ordinal);
        }

        var refused = await guesser.LoginAsync(user.UserName!);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(Locked, refused.Text, StringComparison.Ordinal);
        Assert.True((await guesser.GetAsync("/news")).IsRedirectTo("/login"));

        // The owner, elsewhere, is not locked out by someone else's guesses.
        using var owner = app.Browser();
        Assert.True((await owner.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Unknown_names_get_the_same_answers_as_accounts(Db db)
    {
        using var app = new FlusioApp(db);
        var user = await app.CreateUserAsync();
        var answers = new Dictionary<string, List<string>>();
        foreach (var name in new[] { user.UserName!, "nobody" + Guid.NewGuid().ToString("N")[..8] })
        {
            using var browser = app.Browser();
            var pages = new List<string>();
            for (var i = 0; i < 6; i++)
            {
                var page = await browser.LoginAsync(name, "wrong " + i);
                pages.Add(page.Status + " " + (page.Text.Contains(Locked, StringComparison.Ordinal) ? "locked" : page.Text.Contains(Incorrect, StringComparison.Ordinal) ? "incorrect" : "other"));
            }

            answers[name] = pages;
        }

        var expected = Enumerable.Repeat("OK incorrect", 5).Append("OK locked").ToList();
        Assert.All(answers.Values, a => Assert.Equal(expected, a));
    }

    [Fact]
    public async Task An_unknown_name_costs_a_password_hash_as_an_account_does()
    {
        var hasher = new CountingHasher();
        using var app = new FlusioApp(Db.Sqlite, services: s => s.AddScoped<IPasswordHasher<User>>(_ => hasher));
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();

        var before = hasher.Verifications;
        await browser.LoginAsync(user.UserName!, "wrong");
        var forAccount = hasher.Verifications - before;
        await browser.LoginAsync("nobody" + Guid.NewGuid().ToString("N")[..8], "wrong");
        var forUnknown = hasher.Verifications - before - forAccount;

        Assert.Equal(1, forAccount);
        Assert.Equal(1, forUnknown);
    }

    [Fact]
    public async Task The_lock_ends_after_fifteen_minutes_on_the_apps_clock()
    {
        using var app = new FlusioApp(Db.Sqlite, clock: new FakeTimeProvider(ServiceHost.Start));
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            await browser.LoginAsync(user.UserName!, "wrong " + i);
        }

        app.Clock!.Advance(TimeSpan.FromMinutes(14));
        Assert.Contains(Locked, (await browser.LoginAsync(user.UserName!)).Text, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await browser.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Guesses_spread_over_many_addresses_lock_the_account_until_a_password_reset(Db db)
    {
        await using var host = new ServiceHost(db);
        var user = await host.CreateUserAsync();
        var subject = LoginThrottle.Subject(user, "");
        var home = IPAddress.Parse("203.0.113.7");
        await host.WithScopeAsync(async sp =>
        {
            var throttle = sp.GetRequiredService<LoginThrottle>();
            for (var i = 0; i < LoginThrottle.PerAccount.Failures; i++)
            {
                await throttle.RecordFailureAsync(subject, IPAddress.Parse($"198.51.{i / 200}.{i % 200 + 1}"));
            }

            return 0;
        });
        Assert.True(await host.WithScopeAsync(sp => sp.GetRequiredService<LoginThrottle>().IsLockedAsync(subject, home)));

        await host.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LoginThrottle>().ClearAccountAsync(user);
            return 0;
        });
        Assert.False(await host.WithScopeAsync(sp => sp.GetRequiredService<LoginThrottle>().IsLockedAsync(subject, home)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task One_address_guessing_many_names_is_stopped_for_every_name(Db db)
    {
        await using var host = new ServiceHost(db);
        var attacker = IPAddress.Parse("2001:db8:7:7::1");
        var sameNetwork = IPAddress.Parse("2001:db8:7:7:ffff::2");
        var elsewhere = IPAddress.Parse("2001:db8:8:8::1");
        await host.WithScopeAsync(async sp =>
        {
            var throttle = sp.GetRequiredService<LoginThrottle>();
            for (var i = 0; i < LoginThrottle.PerAddress.Failures; i++)
            {
                await throttle.RecordFailureAsync(LoginThrottle.Subject(null, $"name{i}"), attacker);
            }

            return 0;
        });

        var fresh = LoginThrottle.Subject(null, "someone-new");
        Assert.True(await host.WithScopeAsync(sp => sp.GetRequiredService<LoginThrottle>().IsLockedAsync(fresh, sameNetwork)));
        Assert.False(await host.WithScopeAsync(sp => sp.GetRequiredService<LoginThrottle>().IsLockedAsync(fresh, elsewhere)));
        host.Clock.Advance(LoginThrottle.PerAddress.Lock + TimeSpan.FromSeconds(1));
        Assert.False(await host.WithScopeAsync(sp => sp.GetRequiredService<LoginThrottle>().IsLockedAsync(fresh, sameNetwork)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_password_reset_lifts_the_lock_for_the_owner(Db db)
    {
        using var app = new FlusioApp(db);
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            await browser.LoginAsync(user.UserName!, "wrong " + i);
        }

        Assert.Contains(Locked, (await browser.LoginAsync(user.UserName!)).Text, StringComparison.Ordinal);
        var token = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<User>>();
            return await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        });
        var form = await browser.GetAsync($"/password/reset?user={user.Id}&token={Uri.EscapeDataString(token)}");
        var reset = await browser.PostAsync("/password/reset", new Dictionary<string, string>
        {
            ["User"] = user.Id.ToString(), ["Token"] = token, ["Password"] = "a brand new passphrase",
        }, form.AntiforgeryToken);
        Assert.True(reset.IsRedirectTo("/login"), reset.Text);
        Assert.True((await browser.LoginAsync(user.UserName!, "a brand new passphrase")).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_password_asked_again_in_the_settings_is_throttled_too(Db db)
    {
        using var app = new FlusioApp(db);
        var (browser, user) = await app.LoggedInAsync();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["DeleteAccount.Password"] = "wrong " + i });
            Assert.Contains("The password is incorrect.", wrong.Text, StringComparison.Ordinal);
        }

        var refused = await browser.SubmitAsync("/settings/account", "/settings/account/delete", new Dictionary<string, string> { ["DeleteAccount.Password"] = TestAccounts.Password });
        Assert.Contains(Locked, refused.Text, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.Id == user.Id)));

        var email = await browser.SubmitAsync("/settings/account", "/settings/account/email", new Dictionary<string, string>
        {
            ["ChangeEmail.Email"] = "new" + user.Email, ["ChangeEmail.CurrentPassword"] = TestAccounts.Password,
        });
        Assert.Contains(Locked, email.Text, StringComparison.Ordinal);
        var twoFactor = await browser.SubmitAsync("/settings/security", "/settings/security/totp/disable", new Dictionary<string, string> { ["Password"] = TestAccounts.Password });
        Assert.Contains(Locked, (await browser.GetAsync("/settings/security")).Text + twoFactor.Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Recovery_code_and_authenticator_code_guesses_count_like_passwords(Db db)
    {
        using var app = new FlusioApp(db);
        var user = await app.CreateUserAsync();
        var codes = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<User>>();
            var account = (await users.FindByIdAsync(user.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!.ToList();
        });

        using var browser = app.Browser();
        Assert.True((await browser.LoginAsync(user.UserName!)).IsRedirectTo("/login/two-factor"));
        for (var i = 0; i < 3; i++)
        {
            var wrong = await browser.SubmitAsync("/login/recovery-code", "/login/recovery-code", new Dictionary<string, string> { ["Code"] = $"wrong{i}" });
            Assert.Contains("This recovery code is not valid.", wrong.Text, StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            var wrong = await browser.SubmitAsync("/login/two-factor", "/login/two-factor", new Dictionary<string, string> { ["Code"] = $"00000{i}" });
            Assert.Contains("This code is not valid", wrong.Text, StringComparison.Ordinal);
        }

        var refused = await browser.SubmitAsync("/login/recovery-code", "/login/recovery-code", new Dictionary<string, string> { ["Code"] = codes[0] });
        Assert.Contains(Locked, refused.Text, StringComparison.Ordinal);
        Assert.True((await browser.GetAsync("/news")).IsRedirectTo("/login"));
    }

    private sealed class CountingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(User user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
