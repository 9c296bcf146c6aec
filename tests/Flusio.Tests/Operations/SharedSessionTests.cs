using System.Net;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Operations;

public sealed class SharedSessionTests
{
    [PostgresFact]
    public async Task Two_web_processes_on_one_database_share_logins_through_the_keys_stored_there()
    {
        using var first = new FlusioApp(Db.Postgres, kestrel: true);
        using var second = new FlusioApp(Db.Postgres, new Dictionary<string, string?> { ["DATABASE_URL"] = first.DatabaseUrl }, kestrel: true);
        var user = await first.CreateUserAsync();

        // Cookies belong to the host, not the port: one browser, two processes behind it.
        var cookies = new CookieContainer();
        HttpClient Client(FlusioApp app) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        using var onFirst = new TestBrowser(Client(first));
        Assert.True((await onFirst.LoginAsync(user.UserName!)).IsRedirectTo("/news"));

        using var onSecond = new TestBrowser(Client(second));
        var news = await onSecond.GetAsync("/news");
        Assert.Equal(HttpStatusCode.OK, news.Status);

        // A form of one process is accepted by the other (antiforgery keys are shared too).
        var saved = await onSecond.PostAsync("/settings/preferences", new Dictionary<string, string> { ["Locale"] = "en", ["Theme"] = "dark" }, (await onFirst.GetAsync("/settings/preferences")).AntiforgeryToken);
        Assert.True(saved.IsRedirectTo("/settings/preferences"));
    }
}
