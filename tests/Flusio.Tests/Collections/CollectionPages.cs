using System.Text.RegularExpressions;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Collections;

/// <summary>What the collection and link tests do through the pages, as a browser without script does.</summary>
internal static partial class CollectionPages
{
    /// <summary>GETs <paramref name="formPage"/> for its antiforgery token, then POSTs the fields (names may repeat).</summary>
    public static async Task<TestBrowser.Page> PostAsync(this TestBrowser browser, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var token = (await browser.GetAsync(formPage)).AntiforgeryToken ?? throw new InvalidOperationException($"No antiforgery token on {formPage}");
        var all = fields.Append(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
        using var response = await browser.Client.PostAsync(action, new FormUrlEncodedContent(all));
        return await TestBrowser.Page.ReadAsync(response);
    }

    /// <summary>Creates a collection through its form and returns its id.</summary>
    public static async Task<Guid> CreateCollectionAsync(this TestBrowser browser, string name, bool isPublic = false, string description = "")
    {
        var fields = new List<(string, string)> { ("name", name), ("description", description) };
        if (isPublic)
        {
            fields.Add(("isPublic", "true"));
        }

        var created = await browser.PostAsync("/collections/new", "/collections/new", [.. fields]);
        Assert.True(created.Location is not null, $"creating {name}: {created.Status}");
        var path = created.Location!.OriginalString;
        Assert.Matches("^/collections/[0-9a-f-]{36}$", path);
        return Guid.Parse(path["/collections/".Length..]);
    }

    /// <summary>Saves a link through its form and returns its id.</summary>
    public static async Task<Guid> SaveLinkAsync(this TestBrowser browser, string url, params Guid[] collections)
    {
        var saved = await browser.PostAsync("/links/new", "/links/new", [("url", url), .. collections.Select(c => ("collectionIds", c.ToString()))]);
        var match = SavedLink().Match(saved.Location?.OriginalString ?? "");
        Assert.True(match.Success, $"saving {url}: {saved.Status} {saved.Location}");
        return Guid.Parse(match.Groups[1].Value);
    }

    /// <summary>The ids of the links a list page shows (the reading pages' list marks each item).</summary>
    public static List<Guid> LinkIds(TestBrowser.Page page) =>
        [.. DataLink().Matches(page.Html).Select(m => Guid.Parse(m.Groups[1].Value))];

    /// <summary>The link ids of every page of a list, following its "Older links" until the end.</summary>
    public static async Task<List<Guid>> AllPagesAsync(this TestBrowser browser, string path)
    {
        var ids = new List<Guid>();
        var next = path;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 100, "the pages do not end");
            var page = await browser.GetAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            ids.AddRange(LinkIds(page));
            var older = NextPage().Match(page.Html);
            next = older.Success ? path + System.Net.WebUtility.HtmlDecode(older.Groups[1].Value) : null;
        }

        return ids;
    }

    public static Task<List<Collection>> UserCollectionsAsync(this FlusioApp app) =>
        app.WithDbAsync(db => db.Set<Collection>().AsNoTracking().Where(c => c.Kind == CollectionKind.Collection).ToListAsync());

    public static Task<List<Guid>> LinksInAsync(this FlusioApp app, Guid collectionId) =>
        app.WithDbAsync(db => db.Set<CollectionLink>().Where(e => e.CollectionId == collectionId).Select(e => e.LinkId).ToListAsync());

    [GeneratedRegex("data-link=\"([0-9a-f-]{36})\"")]
    private static partial Regex DataLink();

    [GeneratedRegex("href=\"(\\?after=[^\"]+)\" rel=\"next\"")]
    private static partial Regex NextPage();

    [GeneratedRegex("^/links/([0-9a-f-]{36})/collections$")]
    private static partial Regex SavedLink();
}
