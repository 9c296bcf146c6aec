using System.Net;
using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Flusio.Tests.Accounts;

public sealed partial class RegistrationTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Registering_signs_in_and_sends_a_validation_link_that_validates_the_address(Db db)
    {
        var app = apps[db];
        using var browser = app.Browser();
        var name = TestAccounts.UniqueName("reg");
        var email = $"{name}@example.test";

        var registered = await browser.RegisterAsync(name, email, TestAccounts.Password);
        Assert.True(registered.IsRedirectTo("/news"), registered.Text);

        var news = await browser.GetAsync("/news");
        Assert.Contains("not validated yet", news.Text, StringComparison.Ordinal);

        var mail = await FlusioApp.Smtp.WaitForMailAsync(email);
        Assert.Equal("Validate your e-mail address", mail.Subject);
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        Assert.StartsWith(app.BaseUrl, link.ToString(), StringComparison.Ordinal);

        var validated = await browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, validated.Status);
        Assert.Contains("Your e-mail address is validated", validated.Text, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(d => d.Set<User>().Where(u => u.UserName == name).Select(u => u.EmailConfirmed).SingleAsync()));
        Assert.DoesNotContain("not validated yet", (await browser.GetAsync("/news")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_taken_username_is_refused_with_a_message_and_no_account_is_created(Db db)
    {
        var app = apps[db];
        var existing = await app.CreateUserAsync();
        using var browser = app.Browser();

        var page = await browser.RegisterAsync(existing.UserName!, $"other{Guid.NewGuid():N}@example.test", TestAccounts.Password);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains($"The username '{existing.UserName}' is already taken.", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(d => d.Set<User>().CountAsync(u => u.NormalizedUserName == existing.NormalizedUserName)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_short_password_and_a_bad_email_are_refused(Db db)
    {
        var app = apps[db];
        using var browser = app.Browser();
        var name = TestAccounts.UniqueName("short");

        var page = await browser.RegisterAsync(name, "not-an-address", "short");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Enter a valid e-mail address.", page.Text, StringComparison.Ordinal);
        // The field and its message are tied together for screen readers.
        Assert.Matches("<input[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"Email-error\"[^>]*name=\"Email\"|<input[^>]*name=\"Email\"[^>]*aria-invalid=\"true\"", page.Html);
        Assert.Contains("id=\"Email-error\"", page.Html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.UserName == name)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_validation_link_can_be_sent_again_from_the_banner(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync(validated: false);
        using var browser = app.Browser();
        await browser.LoginAsync(user.UserName!);
        var news = await browser.GetAsync("/news");
        Assert.Contains("Send the link again", news.Text, StringComparison.Ordinal);

        var resent = await browser.PostAsync("/email/validate/resend", new Dictionary<string, string>(), news.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, resent.Status);
        var mail = await FlusioApp.Smtp.WaitForMailAsync(user.Email!);
        Assert.Equal("Validate your e-mail address", mail.Subject);
        Assert.Contains($"We sent the validation link again to {user.Email}.", (await browser.GetAsync("/news")).Text, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_forged_validation_link_validates_nothing(Db db)
    {
        var app = apps[db];
        var user = await app.CreateUserAsync(validated: false);
        using var browser = app.Browser();
        var page = await browser.GetAsync($"/email/validate?user={user.Id}&token=forged");
        Assert.Contains("This link is invalid or has expired.", page.Text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<User>().Where(u => u.Id == user.Id).Select(u => u.EmailConfirmed).SingleAsync()));
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
