using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Flusio.Tests.Accounts;

/// <summary>REGISTRATION=open|closed|invite and the optional terms of service (each needs its own app).</summary>
public sealed class RegistrationModeTests
{
    private static Dictionary<string, string> Form(string name, string? invitation = null, bool acceptTerms = false)
    {
        var form = new Dictionary<string, string>
        {
            ["Username"] = name, ["Email"] = $"{name}@example.test", ["Password"] = TestAccounts.Password,
        };
        if (invitation is not null)
        {
            form["Invitation"] = invitation;
        }

        if (acceptTerms)
        {
            form["AcceptTerms"] = "true";
        }

        return form;
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_first_account_of_an_instance_without_admin_becomes_its_admin(Db db)
    {
        var logs = new CapturingLoggerProvider();
        using var app = new FlusioApp(db, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var first = app.Browser();
        Assert.True((await first.SubmitAsync("/register", "/register", Form("founder"))).IsRedirectTo("/news"));
        using var second = app.Browser();
        Assert.True((await second.SubmitAsync("/register", "/register", Form("newcomer"))).IsRedirectTo("/news"));

        Assert.True(await app.WithDbAsync(d => d.Set<User>().Where(u => u.UserName == "founder").Select(u => u.IsAdmin).SingleAsync()));
        Assert.False(await app.WithDbAsync(d => d.Set<User>().Where(u => u.UserName == "newcomer").Select(u => u.IsAdmin).SingleAsync()));
        Assert.Contains(logs.Lines, l => l.Contains("founder is the first account of the instance", StringComparison.Ordinal));
        // The admin reaches the admin pages from the browser, no command line needed.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/settings/invitations")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("/settings/invitations")).Status);
    }

    [Fact]
    public async Task Closed_registration_shows_a_notice_and_creates_no_account()
    {
        using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["REGISTRATION"] = "closed" });
        using var browser = app.Browser();
        var page = await browser.GetAsync("/register");
        Assert.Contains("Registration is closed", page.Text, StringComparison.Ordinal);

        var post = await browser.PostAsync("/register", Form("closedreg"), (await browser.GetAsync("/login")).AntiforgeryToken);
        Assert.Contains("Registration is closed", post.Text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Invitation_links_work_once_and_only_before_they_expire(Db db)
    {
        using var app = new FlusioApp(db, new Dictionary<string, string?> { ["REGISTRATION"] = "invite" }, clock: new FakeTimeProvider(ServiceHost.Start));
        var (admin, adminUser) = await app.LoggedInAsync(admin: true);
        var invitationsPage = await admin.GetAsync("/settings/invitations");
        await admin.PostAsync("/settings/invitations", new Dictionary<string, string>(), invitationsPage.AntiforgeryToken);
        var invitation = await app.WithDbAsync(d => d.Set<Invitation>().SingleAsync(i => i.CreatedById == adminUser.Id));

        using var guest = app.Browser();
        Assert.Contains("An invitation is needed", (await guest.GetAsync("/register")).Text, StringComparison.Ordinal);
        Assert.Contains("An invitation is needed", (await guest.GetAsync("/register?invitation=forged")).Text, StringComparison.Ordinal);

        var registered = await guest.SubmitAsync($"/register?invitation={invitation.Token}", "/register", Form("invited1", invitation.Token));
        Assert.True(registered.IsRedirectTo("/news"), registered.Text);
        var used = await app.WithDbAsync(d => d.Set<Invitation>().SingleAsync(i => i.Id == invitation.Id));
        Assert.NotNull(used.UsedAt);

        using var second = app.Browser();
        var reused = await second.PostAsync("/register", Form("invited2", invitation.Token), (await second.GetAsync("/login")).AntiforgeryToken);
        Assert.Contains("An invitation is needed", reused.Text, StringComparison.Ordinal);

        // A link lasts seven days on the app's clock.
        await admin.PostAsync("/settings/invitations", new Dictionary<string, string>(), (await admin.GetAsync("/settings/invitations")).AntiforgeryToken);
        var later = await app.WithDbAsync(d => d.Set<Invitation>().SingleAsync(i => i.CreatedById == adminUser.Id && i.UsedAt == null));
        app.Clock!.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Contains("Create your account", (await second.GetAsync($"/register?invitation={later.Token}")).Text, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("An invitation is needed", (await second.GetAsync($"/register?invitation={later.Token}")).Text, StringComparison.Ordinal);
        var expired = await second.PostAsync("/register", Form("invited2", later.Token), (await second.GetAsync("/login")).AntiforgeryToken);
        Assert.Contains("An invitation is needed", expired.Text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync(u => u.UserName == "invited2")));
    }

    [Fact]
    public async Task With_a_terms_file_registration_asks_to_accept_it_and_the_terms_page_shows_it_safely()
    {
        using var app = new FlusioApp(Db.Sqlite);
        await File.WriteAllTextAsync(Path.Combine(app.DataPath, "terms.md"), "# Our terms\n\nBe *kind*. <script>alert(1)</script>");
        using var browser = app.Browser();

        var terms = await browser.GetAsync("/terms");
        Assert.Equal(HttpStatusCode.OK, terms.Status);
        Assert.Matches("<h1[^>]*>Our terms</h1>", terms.Html);
        Assert.Contains("<em>kind</em>", terms.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", terms.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", terms.Html, StringComparison.Ordinal);

        var refused = await browser.SubmitAsync("/register", "/register", Form("noterms"));
        Assert.Contains("You must accept the terms of service.", refused.Text, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(d => d.Set<User>().AnyAsync()));

        var accepted = await browser.SubmitAsync("/register", "/register", Form("withterms", acceptTerms: true));
        Assert.True(accepted.IsRedirectTo("/news"));
        Assert.NotNull(await app.WithDbAsync(d => d.Set<User>().Where(u => u.UserName == "withterms").Select(u => u.AcceptedTermsAt).SingleAsync()));
    }

    [Fact]
    public async Task Without_a_terms_file_there_is_no_terms_page()
    {
        using var app = new FlusioApp(Db.Sqlite);
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/terms")).Status);
        Assert.DoesNotContain("AcceptTerms", (await browser.GetAsync("/register")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_smtp_mails_are_written_as_eml_files_in_the_data_folder()
    {
        using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["SMTP_HOST"] = null });
        using var browser = app.Browser();
        var registered = await browser.SubmitAsync("/register", "/register", Form("emluser"));
        Assert.True(registered.IsRedirectTo("/news"));
        await app.WaitForJobsAsync();

        var file = Assert.Single(Directory.GetFiles(Path.Combine(app.DataPath, "mail"), "*.eml"));
        var message = await MimeKit.MimeMessage.LoadAsync(file);
        Assert.Equal("emluser@example.test", message.To.Mailboxes.Single().Address);
        Assert.Contains("/email/validate?user=", message.TextBody, StringComparison.Ordinal);
    }
}
