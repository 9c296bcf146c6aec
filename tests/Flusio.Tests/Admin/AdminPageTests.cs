using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;

namespace Flusio.Tests.Admin;

/// <summary>/admin: administrators only; figures, accounts (search, disable, enable, delete), feeds in error, failed jobs (retry).</summary>
public sealed class AdminPageTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Only_administrators_see_the_page_and_it_counts_the_instance(Db db)
    {
        await using var app = new FlusioApp(db);
        using var anonymous = app.Browser();
        Assert.True((await anonymous.GetAsync("/admin")).IsRedirectTo("/login"));

        var (admin, _) = await app.LoggedInAsync(admin: true);
        var (member, memberUser) = await app.LoggedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("/admin")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsync($"/admin/users/{memberUser.Id}/disable", new Dictionary<string, string>(), (await member.GetAsync("/news")).AntiforgeryToken)).Status);

        var (feedId, jobId) = await app.WithDbAsync(async d =>
        {
            var now = DateTimeOffset.UtcNow;
            const string url = "https://broken.example.org/feed.xml";
            var feed = new Feed { Id = Guid.CreateVersion7(now), Url = url, UrlHash = UrlHash.Of(url), Host = "broken.example.org", Title = "Broken", CreatedAt = now, NextCheckAt = now.AddHours(1), ErrorKind = "Dns", ErrorSince = now.AddHours(-3), FailureCount = 3 };
            var job = new Job { Name = "test-failure", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now, LastError = "it broke: a test's failure", CreatedAt = now };
            d.AddRange(feed, job);
            await d.SaveChangesAsync();
            return (feed.Id, job.Id);
        });

        var page = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Matches(@"<dt>Users</dt><dd>2</dd>", page.Html);
        Assert.Matches(@"<dt>Feeds</dt><dd>1</dd>", page.Html);
        Assert.Matches(@"<dt>Failed jobs</dt><dd>1</dd>", page.Html);
        Assert.Contains(memberUser.UserName!, page.Html, StringComparison.Ordinal);
        Assert.Contains("https://broken.example.org/feed.xml", page.Html, StringComparison.Ordinal);
        Assert.Contains("The site&#x27;s name could not be found.", page.Html, StringComparison.Ordinal);
        Assert.Contains("it broke: a test&#x27;s failure", page.Html, StringComparison.Ordinal);

        // Search narrows the accounts; nothing found says so.
        var found = await admin.GetAsync("/admin?q=" + memberUser.UserName![..6].ToUpperInvariant());
        Assert.Contains(memberUser.UserName!, found.Html, StringComparison.Ordinal);
        var none = await admin.GetAsync("/admin?q=nobody-by-this-name");
        Assert.Contains("No account matches.", none.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(memberUser.UserName!, none.Html, StringComparison.Ordinal);

        // Retry: the job waits again; an unknown job is 404.
        var retried = await admin.PostAsync($"/admin/jobs/{jobId}/retry", new Dictionary<string, string>(), page.AntiforgeryToken);
        Assert.True(BackToAdmin(retried), retried.Status.ToString());
        Assert.Null(await app.WithDbAsync(d => Task.FromResult(d.Set<Job>().Single(j => j.Id == jobId).FailedAt)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/jobs/987654321/retry", new Dictionary<string, string>(), page.AntiforgeryToken)).Status);
        Assert.NotEqual(Guid.Empty, feedId);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_disabled_account_is_logged_out_cannot_log_in_and_comes_back_when_enabled(Db db)
    {
        await using var app = new FlusioApp(db);
        var (admin, _) = await app.LoggedInAsync(admin: true);
        var (member, memberUser) = await app.LoggedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/news")).Status);
        var token = (await admin.GetAsync("/admin")).AntiforgeryToken;

        Assert.True(BackToAdmin(await admin.PostAsync($"/admin/users/{memberUser.Id}/disable", new Dictionary<string, string>(), token)));
        Assert.Contains("disabled", (await admin.GetAsync("/admin")).Html, StringComparison.Ordinal);
        // Its open session is over, and its password no longer logs in.
        Assert.True((await member.GetAsync("/news")).IsRedirectTo("/login"));
        using (var again = app.Browser())
        {
            Assert.False((await again.LoginAsync(memberUser.UserName!)).IsRedirectTo("/news"));
        }

        Assert.True(BackToAdmin(await admin.PostAsync($"/admin/users/{memberUser.Id}/enable", new Dictionary<string, string>(), token)));
        using (var back = app.Browser())
        {
            Assert.True((await back.LoginAsync(memberUser.UserName!)).IsRedirectTo("/news"));
        }

        // Unknown ids are 404; an admin cannot disable themselves here.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/users/{Guid.NewGuid()}/disable", new Dictionary<string, string>(), token)).Status);
        var adminUser = await app.WithDbAsync(d => Task.FromResult(d.Set<Flusio.Web.Accounts.User>().Single(u => u.IsAdmin)));
        await admin.PostAsync($"/admin/users/{adminUser.Id}/disable", new Dictionary<string, string>(), token);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).Status);
    }

    [Fact]
    public async Task Deleting_an_account_needs_the_confirmation_box()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (admin, _) = await app.LoggedInAsync(admin: true);
        var member = await app.CreateUserAsync();
        var token = (await admin.GetAsync("/admin")).AntiforgeryToken;

        await admin.PostAsync($"/admin/users/{member.Id}/delete", new Dictionary<string, string>(), token);
        Assert.True(await app.WithDbAsync(d => Task.FromResult(d.Set<Flusio.Web.Accounts.User>().Any(u => u.Id == member.Id))));
        Assert.Contains("Tick the box", (await admin.GetAsync("/admin")).Html, StringComparison.Ordinal);

        Assert.True(BackToAdmin(await admin.PostAsync($"/admin/users/{member.Id}/delete", new Dictionary<string, string> { ["confirm"] = "true" }, token)));
        Assert.False(await app.WithDbAsync(d => Task.FromResult(d.Set<Flusio.Web.Accounts.User>().Any(u => u.Id == member.Id))));
    }

    /// <summary>The page's actions come back to one of its sections (/admin#users, /admin#jobs).</summary>
    private static bool BackToAdmin(TestBrowser.Page page) =>
        page.Status == HttpStatusCode.Found && page.Location?.OriginalString.StartsWith("/admin#", StringComparison.Ordinal) == true;
}
