using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Reading;

/// <summary>OPML in and out: the reader, the import (twice, without duplicates), the pages and the verbs.</summary>
public sealed class OpmlTests
{
    private const string Document = """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>Mine</title></head><body>
          <outline text="Top level" type="rss" xmlUrl="https://top.example/feed.xml"/>
          <outline text="Tech">
            <outline text="One" title="One" type="rss" xmlUrl="https://one.example/rss"/>
            <outline text="Deeper"><outline text="Two" type="rss" xmlUrl="https://two.example/atom.xml"/></outline>
          </outline>
          <outline text="Again" type="rss" xmlUrl="https://ONE.example/rss#dup"/>
          <outline text="Not http" type="rss" xmlUrl="javascript:alert(1)"/>
        </body></opml>
        """;

    private static IReadOnlyList<OpmlFeed> Read(string text) => Opml.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Outlines_with_a_feed_address_are_read_with_the_group_of_their_nearest_folder()
    {
        var feeds = Read(Document);
        Assert.Equal(["https://top.example/feed.xml", "https://one.example/rss", "https://two.example/atom.xml"], feeds.Select(f => f.Url.AbsoluteUri));
        Assert.Equal([null, "Tech", "Deeper"], feeds.Select(f => f.Group));
        Assert.Equal("One", feeds[1].Title);
    }

    [Theory]
    [InlineData("", "not valid OPML")]
    [InlineData("<rss><channel/></rss>", "root element is not <opml>")]
    [InlineData("<opml><body><outline xmlUrl=\"https://a.example/\"", "not valid OPML")]
    [InlineData("<!DOCTYPE opml [<!ENTITY x \"boom\">]><opml><body><outline text=\"&x;\" xmlUrl=\"https://a.example/\"/></body></opml>", "not valid OPML")]
    public void A_file_that_is_not_opml_is_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<OpmlException>(() => Read(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Importing_twice_follows_each_feed_once_in_its_group_and_export_gives_them_back(Db db)
    {
        await using var host = new ServiceHost(db);
        var user = await host.CreateUserAsync();
        var feeds = Read(Document);
        Task<ImportResult> ImportAsync() => host.WithScopeAsync(sp => sp.GetRequiredService<OpmlImporter>().ImportAsync(user.Id, feeds, null, CancellationToken.None));

        Assert.Equal(new ImportResult(3, 3, 0), await ImportAsync());
        Assert.Equal(new ImportResult(3, 0, 3), await ImportAsync());
        Assert.Equal(3, await host.WithDbAsync(d => d.Set<Feed>().CountAsync()));
        Assert.Equal(3, await host.WithDbAsync(d => d.Set<FeedFollow>().CountAsync()));
        // One refresh job for the three new feeds, none for the second run.
        Assert.Equal(1, await host.WithDbAsync(d => d.Set<Job>().CountAsync(j => j.Name == FeedJobs.Refresh)));

        var follows = await host.WithScopeAsync(sp => sp.GetRequiredService<Following>().ListAsync(user.Id, false, CancellationToken.None));
        Assert.Equal("Deeper", follows.Single(f => f.Url == "https://two.example/atom.xml").Group);
        var exported = Read(Opml.Write("Mine", follows, ServiceHost.Start));
        Assert.Equal(feeds.Select(f => (f.Url, f.Group)).OrderBy(f => f.Url.AbsoluteUri), exported.Select(f => (f.Url, f.Group)).OrderBy(f => f.Url.AbsoluteUri));
    }

    [Fact]
    public async Task The_import_page_refuses_a_bad_file_before_writing_and_shows_the_progress_of_a_good_one()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var (browser, _) = await app.LoggedInAsync();
        var (other, _) = await app.LoggedInAsync();

        async Task<TestBrowser.Page> UploadAsync(TestBrowser who, string content)
        {
            var token = (await who.GetAsync("/feeds/import")).AntiforgeryToken!;
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/x-opml");
            form.Add(file, "opml", "feeds.opml");
            using var response = await who.Client.PostAsync("/feeds/import", form);
            return await TestBrowser.Page.ReadAsync(response);
        }

        var bad = await UploadAsync(browser, "<html><body>not opml</body></html>");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Contains("not a valid OPML file", bad.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<OpmlImport>().CountAsync()));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<FlusioDbContext>().Set<Feed>().CountAsync()));

        var good = await UploadAsync(browser, Document);
        Assert.Equal(HttpStatusCode.Redirect, good.Status);
        var progressPath = good.Location!.OriginalString;
        Assert.Matches("^/feeds/import/[0-9a-f-]{36}$", progressPath);
        await app.WaitForJobsAsync();
        var progress = await browser.GetAsync(progressPath);
        Assert.Contains("3 of 3 feeds", progress.Text, StringComparison.Ordinal);
        Assert.Contains("Imported", progress.Text, StringComparison.Ordinal);
        Assert.False(progress.Response.Headers.Contains("Refresh"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(progressPath)).Status);

        var export = await browser.GetAsync("/feeds/opml");
        Assert.Equal("text/x-opml", export.Response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("xmlUrl=\"https://two.example/atom.xml\"", export.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("two.example", (await other.GetAsync("/feeds/opml")).Html, StringComparison.Ordinal);
    }
}
