using System.Net;
using Flusio.Tests.Infrastructure;

namespace Flusio.Tests.Shell;

/// <summary>The instance's public face: what it is, and the way in.</summary>
public sealed class HomePageTests(AppsFixture apps) : IClassFixture<AppsFixture>
{
    [Fact]
    public async Task An_anonymous_visitor_sees_what_the_instance_is_with_ways_to_log_in_and_register()
    {
        using var browser = apps[Db.Sqlite].Browser();
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("Flusio is a feed reader and a place to collect links.", home.Text, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"/login\">", home.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/register\">Create an account</a>", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_open_registration_the_home_page_says_so_instead_of_offering_it()
    {
        using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["REGISTRATION"] = "closed" });
        using var browser = app.Browser();
        var home = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Contains("Registration is closed on this instance.", home.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/register\"", home.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_user_goes_straight_to_the_news()
    {
        var (browser, _) = await apps[Db.Sqlite].LoggedInAsync();
        Assert.True((await browser.GetAsync("/")).IsRedirectTo("/news"));
    }

    [Fact]
    public async Task Error_pages_keep_their_status_code()
    {
        using var browser = apps[Db.Sqlite].Browser();
        Assert.Equal(HttpStatusCode.InternalServerError, (await browser.GetAsync("/error/500")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/error/404")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/error/200")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/no/such/page")).Status);
    }
}
