using Flusio.Web.Accounts;
using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Accounts;

public sealed partial class PasswordTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_reset_link_from_the_mail_sets_a_new_password_once_and_ends_every_session(Db db)
    {
        var app = apps[db];
        var (session, user) = await app.LoggedInAsync();
        using var browser = app.Browser();

        var sent = await browser.SubmitAsync("/password/forgot", "/password/forgot", new Dictionary<string, string> { ["Email"] = user.Email! });
        Assert.Contains("Check your inbox", sent.Text, StringComparison.Ordinal);

        var mail = await FlusioApp.Smtp.WaitForMailAsync(user.Email!, m => m.Subject == "Reset your password");
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        Assert.Equal("/password/reset", link.AbsolutePath);

        var form = await browser.GetAsync(link.PathAndQuery);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        var fields = new Dictionary<string, string> { ["User"] = query["user"]!, ["Token"] = query["token"]!, ["Password"] = "a brand new passphrase" };
        var reset = await browser.PostAsync("/password/reset", fields, form.AntiforgeryToken);
        Assert.True(reset.IsRedirectTo("/login"), reset.Text);

        Assert.True((await session.GetAsync("/news")).IsRedirectTo("/login"));
        Assert.Contains("Incorrect", (await browser.LoginAsync(user.UserName!)).Text, StringComparison.Ordinal);
        Assert.True((await browser.LoginAsync(user.UserName!, "a brand new passphrase")).IsRedirectTo("/news"));

        // The same link does not work twice.
        using var again = app.Browser();
        var second = await again.PostAsync("/password/reset", fields, (await again.GetAsync(link.PathAndQuery)).AntiforgeryToken);
        Assert.Contains("This link is invalid or has expired.", second.Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Asking_for_an_unknown_address_answers_the_same_and_sends_nothing(Db db)
    {
        using var browser = apps[db].Browser();
        var address = $"ghost{Guid.NewGuid():N}@example.test";
        var page = await browser.SubmitAsync("/password/forgot", "/password/forgot", new Dictionary<string, string> { ["Email"] = address });
        Assert.Contains("If an account uses this address", page.Text, StringComparison.Ordinal);
        await apps[db].WaitForJobsAsync();
        Assert.Empty(FlusioApp.Smtp.MailsTo(address));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_forged_reset_token_changes_nothing(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync();
        using var browser = app.Browser();
        var form = await browser.GetAsync($"/password/reset?user={user.Id}&token=forged");
        var page = await browser.PostAsync("/password/reset", new Dictionary<string, string>
        {
            ["User"] = user.Id.ToString(), ["Token"] = "forged", ["Password"] = "attacker passphrase",
        }, form.AntiforgeryToken);
        Assert.Contains("This link is invalid or has expired.", page.Text, StringComparison.Ordinal);
        Assert.True((await browser.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Changing_the_password_needs_the_current_one_and_logs_out_the_other_sessions(Db db)
    {
        var app = apps[db];
        var (current, user) = await app.LoggedInAsync();
        using var other = app.Browser();
        Assert.True((await other.LoginAsync(user.UserName!)).IsRedirectTo("/news"));

        var refused = await current.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = "not it", ["ChangePassword.NewPassword"] = "another long passphrase",
        });
        Assert.Contains("The password is incorrect.", refused.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/news")).Status);

        var changed = await current.SubmitAsync("/settings/account", "/settings/account/password", new Dictionary<string, string>
        {
            ["ChangePassword.CurrentPassword"] = TestAccounts.Password, ["ChangePassword.NewPassword"] = "another long passphrase",
        });
        Assert.True(changed.IsRedirectTo("/settings/account"));
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/news")).Status);
        Assert.True((await other.GetAsync("/news")).IsRedirectTo("/login"));
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync(s => s.UserId == user.Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Changing_the_email_needs_the_password_and_sends_a_validation_link_to_the_new_address(Db db)
    {
        var app = apps[db];
        var (browser, user) = await app.LoggedInAsync();
        using var other = app.Browser();
        Assert.True((await other.LoginAsync(user.UserName!)).IsRedirectTo("/news"));
        var address = $"new{Guid.NewGuid():N}@example.test";

        var refused = await browser.SubmitAsync("/settings/account", "/settings/account/email", new Dictionary<string, string>
        {
            ["ChangeEmail.Email"] = address, ["ChangeEmail.CurrentPassword"] = "wrong",
        });
        Assert.Contains("The password is incorrect.", refused.Text, StringComparison.Ordinal);
        Assert.Equal(user.Email, await app.WithDbAsync(d => d.Set<User>().Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync()));

        var changed = await browser.SubmitAsync("/settings/account", "/settings/account/email", new Dictionary<string, string>
        {
            ["ChangeEmail.Email"] = address, ["ChangeEmail.CurrentPassword"] = TestAccounts.Password,
        });
        Assert.True(changed.IsRedirectTo("/settings/account"), changed.Text);
        var mail = await FlusioApp.Smtp.WaitForMailAsync(address);
        Assert.Equal("Validate your e-mail address", mail.Subject);
        var stored = await app.WithDbAsync(d => d.Set<User>().SingleAsync(u => u.Id == user.Id));
        Assert.Equal(address, stored.Email);
        Assert.False(stored.EmailConfirmed);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/news")).Status);
        Assert.True((await other.GetAsync("/news")).IsRedirectTo("/login"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_well_known_change_password_url_leads_to_the_settings(Db db)
    {
        using var browser = apps[db].Browser();
        Assert.True((await browser.GetAsync("/.well-known/change-password")).IsRedirectTo("/settings/security"));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
