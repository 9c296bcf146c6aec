using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Reading;

/// <summary>A page of a list, with what the list partial needs to render its actions.</summary>
public sealed record LinkListPage(string Title, string Section, CollectionKind? Kind, LinkPage Page, string ReturnUrl, string? EmptyTitle, string? EmptyText)
{
    /// <summary>News is grouped by day, then by source, each group with its bulk actions.</summary>
    public bool Grouped => Kind == CollectionKind.News;

    /// <summary>The user collection the list shows, for its owner: each link gets a "remove from this collection" action.</summary>
    public Guid? RemovableFrom { get; init; }
}

/// <summary>The reader view of one link: its cleaned content, source, date, and its neighbours.</summary>
public sealed record ReaderView(Link Link, string? Html, Guid? SourceFeedId, string? SourceTitle, Guid? Previous, Guid? Next);

/// <summary>A feed's page: the feed, the reader's follow of it, its entries.</summary>
public sealed record FeedPageModel(Feed Feed, FeedFollow? Follow, string? Group, LinkListPage Entries);

/// <summary>News, Read later and Read: the user's system lists, one listing query a page.</summary>
[Authorize]
public sealed class ListsController(LinkListing listing, NewsJournal news) : FlusioController
{
    [HttpGet("/news")]
    public async Task<IActionResult> News(string? after, CancellationToken cancellationToken) =>
        View("List", await ListAsync(CollectionKind.News, T["News"], "news", "/news", after,
            T["Your news is empty"], T["Press “What's new” to gather the latest links of the feeds you follow."], cancellationToken));

    /// <summary>"What's new": fills the journal from the follows.</summary>
    [HttpPost("/news")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Fill(CancellationToken cancellationToken)
    {
        var added = await news.FillAsync(User.UserId()!.Value, cancellationToken);
        Flash(added == 0 ? T["Nothing new for now."] : T["{0} new links in your news.", added]);
        return LocalRedirect("/news");
    }

    [HttpGet("/read-later")]
    public async Task<IActionResult> ReadLater(string? after, CancellationToken cancellationToken) =>
        View("List", await ListAsync(CollectionKind.ReadLater, T["Read later"], "read-later", "/read-later", after,
            T["Nothing to read later"], T["Links you keep for later will be listed here."], cancellationToken));

    [HttpGet("/read")]
    public async Task<IActionResult> Read(string? after, CancellationToken cancellationToken) =>
        View("List", await ListAsync(CollectionKind.Read, T["Read"], "read", "/read", after,
            T["Nothing read yet"], T["The links you mark as read are kept here, latest first."], cancellationToken));

    private async Task<LinkListPage> ListAsync(CollectionKind kind, string title, string section, string path, string? after, string emptyTitle, string emptyText, CancellationToken cancellationToken)
    {
        var pageSize = kind == CollectionKind.News ? NewsJournal.Size : LinkListing.DefaultPageSize;
        var page = await listing.ListAsync(User.UserId()!.Value, kind, Cursor.Parse(after), pageSize, cancellationToken);
        return new LinkListPage(title, section, kind, page, path + (after is null ? "" : "?after=" + Uri.EscapeDataString(after)), emptyTitle, emptyText);
    }
}

/// <summary>A link's reader view, and the reading actions on links, one by one or in bulk.</summary>
[Authorize]
public sealed class LinksController(LinkLists lists, LinkReader reader) : FlusioController
{
    [HttpGet("/links/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken cancellationToken) =>
        await reader.ReadAsync(User.UserId()!.Value, id, cancellationToken) is { } view ? View(view) : NotFound();

    [HttpPost("/links/{id:guid}/{verb:regex(^(read|later|dismiss)$)}")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Act(Guid id, string verb, string? returnUrl, CancellationToken cancellationToken) =>
        ApplyAsync([id], verb, returnUrl, cancellationToken);

    /// <summary>The same action on several links: a day or a source of the news, a page of a list.</summary>
    [HttpPost("/links/bulk")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Bulk(Guid[] ids, string? action, string? returnUrl, CancellationToken cancellationToken) =>
        ApplyAsync(ids, action, returnUrl, cancellationToken);

    private async Task<IActionResult> ApplyAsync(Guid[] ids, string? action, string? returnUrl, CancellationToken cancellationToken)
    {
        LinkAction? what = action switch
        {
            "read" => LinkAction.MarkRead,
            "later" => LinkAction.ReadLater,
            "dismiss" => LinkAction.Dismiss,
            _ => null,
        };
        if (what is null || ids.Length == 0)
        {
            return BadRequest();
        }

        var done = await lists.ApplyAsync(User.UserId()!.Value, ids, what.Value, cancellationToken);
        if (done == 0)
        {
            return NotFound();
        }

        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            // The page's script removes the link in place.
            return NoContent();
        }

        Flash(what switch
        {
            LinkAction.MarkRead => T["Marked as read."],
            LinkAction.ReadLater => T["Kept to read later."],
            _ => T["Dismissed: it will not be shown again."],
        });
        return RedirectToLocal(returnUrl);
    }
}

/// <summary>A feed's page: any feed of the instance, its entries a page at a time.</summary>
[Authorize]
public sealed class FeedPageController(FeedPages pages, LinkListing listing) : FlusioController
{
    [HttpGet("/feeds/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, string? after, CancellationToken cancellationToken)
    {
        var found = await pages.FindAsync(User.UserId()!.Value, id, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        var page = await listing.ListFeedAsync(id, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken);
        var path = $"/feeds/{id}" + (after is null ? "" : "?after=" + Uri.EscapeDataString(after));
        var entries = new LinkListPage(found.Feed.Title, "feeds", null, page, path, T["No entries yet"],
            found.Feed.FetchedAt is null ? T["The feed has not been fetched yet. Its entries appear here once it is."] : T["This feed lists no entries."]);
        return View(new FeedPageModel(found.Feed, found.Follow, found.Group, entries));
    }
}
