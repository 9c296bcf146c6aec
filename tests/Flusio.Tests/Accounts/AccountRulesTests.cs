using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Jobs;
using Flusio.Web.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Accounts;

/// <summary>One parser decides which addresses exist, and guessable passwords are refused, at every door.</summary>
public sealed class AccountRulesTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    private const string Guessable = "This password is too easy to guess";

    [Theory]
    [InlineData("alice@example.test")]
    [InlineData("alice.smith+flusio@mail.example.org")]
    [InlineData("o'neil@example.test")]
    [InlineData("élodie@exemple.fr")]
    [InlineData("  padded@example.test  ")]
    public void Plain_addresses_are_accepted(string input) => Assert.Equal(input.Trim(), EmailAddresses.Normalize(input));

    [Theory]
    [InlineData("a b@example.test")]
    [InlineData("a,b@example.test")]
    [InlineData("\"q@example.test")]
    [InlineData("\"quoted\"@example.test")]
    [InlineData("x <carol@example.test>")]
    [InlineData("<carol@example.test>")]
    [InlineData("carol@example.test, dave@example.test")]
    [InlineData("carol@example.test (comment)")]
    [InlineData("a@b")]
    [InlineData("a@@example.test")]
    [InlineData("a@example..test")]
    [InlineData(".a@example.test")]
    [InlineData("a.@example.test")]
    [InlineData("a@-example.test")]
    [InlineData("a@example.123")]
    [InlineData("a\r\nBcc: x@example.test")]
    [InlineData("@example.test")]
    [InlineData("")]
    public void Anything_else_is_refused(string input) => Assert.Null(EmailAddresses.Normalize(input));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_display_name_address_is_refused_at_registration_and_nothing_is_written(Db db)
    {
        var app = apps[db];
        var name = TestAccounts.UniqueName("mailbox");
        foreach (var email in new[] { $"x <{name}@example.test>", $"a b{name}@example.test", $"\"{name}@example.test", $"{name},b@example.test" })
        {
            using var browser = app.Browser();
            var page = await browser.RegisterAsync(name, email);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Enter a valid e-mail address.", page.Text, StringComparison.Ordinal);
        }

        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.UserName == name)));
        Assert.False(await app.WithDbAsync(d => d.Set<Job>().AnyAsync(j => j.Arguments.Contains(name))));
    }

    [Fact]
    public async Task The_account_rule_refuses_an_unsendable_address_whatever_door_creates_the_account()
    {
        var result = await apps[Db.Sqlite].WithScopeAsync(sp => sp.GetRequiredService<AccountRegistrar>().CreateAsync(
            new AccountRegistrar.NewAccount("doorcheck", "x <carol@example.test>", TestAccounts.Password, "en") { EmailConfirmed = true }));
        Assert.False(result.Succeeded);
        Assert.Equal(nameof(IdentityErrorDescriber.InvalidEmail), Assert.Single(result.Errors).Code);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Common_passwords_are_refused_on_registration_with_the_reason(Db db)
    {
        var app = apps[db];
        foreach (var password in new[] { "password", "qwerty123", "12345678" })
        {
            var name = TestAccounts.UniqueName("common");
            using var browser = app.Browser();
            var page = await browser.RegisterAsync(name, $"{name}@example.test", password);
            Assert.Contains(Guessable, page.Text, StringComparison.Ordinal);
            Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.UserName == name)));
        }

        // Made of the account's own name: guessable too.
        var alice = TestAccounts.UniqueName("al");
        using var own = app.Browser();
        Assert.Contains(Guessable, (await own.RegisterAsync(alice, $"{alice}@example.test", alice + "1")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Common_passwords_are_refused_on_change_and_reset(Db db)
    {
        var app = apps[db];
        var (browser, user) = await app.LoggedInAsync();
        var change = await browser.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = TestAccounts.Password, ["ChangePassword.NewPassword"] = "password1",
        });
        Assert.Contains(Guessable, change.Text, StringComparison.Ordinal);

        var token = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<User>>();
            return await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        });
        using var other = app.Browser();
        var form = await other.GetAsync($"/password/reset?user={user.Id}&token={Uri.EscapeDataString(token)}");
        var reset = await other.PostAsync("/password/reset", new Dictionary<string, string>
        {
            ["User"] = user.Id.ToString(), ["Token"] = token, ["Password"] = "iloveyou",
        }, form.AntiforgeryToken);
        Assert.Contains(Guessable, reset.Text, StringComparison.Ordinal);
        Assert.True((await other.LoginAsync(user.UserName!)).IsRedirectTo("/news"), "the password is unchanged");
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_reset_asked_while_the_mail_server_is_down_answers_as_for_any_address_and_the_mail_is_retried(Db db)
    {
        var logs = new CapturingLoggerProvider();
        using var app = new FlusioApp(db, new Dictionary<string, string?> { ["SMTP_PORT"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var user = await app.CreateUserAsync();
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var email in new[] { user.Email!, $"ghost{Guid.NewGuid():N}@example.test" })
        {
            using var browser = app.Browser();
            var page = await browser.SubmitAsync("/password/forgot", "/password/forgot", new Dictionary<string, string> { ["Email"] = email });
            answers.Add((page.Status, page.Text));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].Item1);
        Assert.Equal(answers[0], answers[1]);

        // The known address's mail failed, is recorded and waits for its retry; the unknown one sent nothing and is done.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<Job> jobs;
        while ((jobs = await app.WithDbAsync(d => d.Set<Job>().Where(j => j.Name == AccountMails.JobName).ToListAsync())).Count != 1 || jobs[0].LastError is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"jobs: {jobs.Count}");
            await Task.Delay(50);
        }

        var waiting = Assert.Single(jobs);
        Assert.Contains(user.Email!, waiting.Arguments, StringComparison.Ordinal);
        Assert.Null(waiting.FailedAt);
        Assert.True(waiting.RunAt > DateTimeOffset.UtcNow, "retried later");
        Assert.Contains(logs.Lines, l => l.Contains($"Job {waiting.Id} (account-mail) failed on attempt 1", StringComparison.Ordinal));
    }
}
