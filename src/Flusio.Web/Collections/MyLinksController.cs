using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>The form to save a link: what was typed, the user's collections to choose from, what is wrong.</summary>
public sealed record NewLinkPage(string? Url, IReadOnlyCollection<Guid> Chosen, string? NewCollection, IReadOnlyList<CollectionSummary> Collections, LinkError? Error, string? Message)
{
    public bool IsHidden { get; init; }

    public string? Note { get; init; }
}

/// <summary>My links: the list, or a search's query, its results (null when it could not run) and the message of what is wrong with it.</summary>
public sealed record MyLinksPage(LinkListPage List, string? Query, SearchResults? Results, string? Message);

/// <summary>A link of the user's and the user's collections, each with its add or remove form.</summary>
public sealed record LinkCollectionsPage(Link Link, IReadOnlyList<CollectionMembership> Collections);

/// <summary>"My links": every link the user owns; saving a link by URL; putting a link in collections.</summary>
[Authorize]
public sealed partial class MyLinksController(LinkSaver saver, UserCollections collections, LinkListing listing, LinkSearch search) : FlusioController
{
    /// <summary>My links, latest first; with <c>q</c>, the user's links that match it, best first.</summary>
    [HttpGet("/links")]
    public async Task<IActionResult> Index(string? after, string? q, int page, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        if (!string.IsNullOrWhiteSpace(q))
        {
            return await SearchAsync(userId, q, page, cancellationToken);
        }

        var links = await listing.ListOwnAsync(userId, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken);
        var path = "/links" + (after is null ? "" : "?after=" + Uri.EscapeDataString(after));
        return View(new MyLinksPage(new LinkListPage(T["My links"], "links", null, links, path, T["No links yet"], T["The links you save, read later or read are all listed here."]), null, null, null));
    }

    private async Task<IActionResult> SearchAsync(Guid userId, string q, int page, CancellationToken cancellationToken)
    {
        var (query, error) = SearchQuery.Parse(q);
        var path = "/links?q=" + Uri.EscapeDataString(q) + (page > 1 ? "&page=" + page : "");
        if (query is null)
        {
            // Said on the page; nothing is searched (and never "everything").
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var message = error switch
            {
                SearchQueryError.TooLong => T["A search has at most {0} characters.", SearchQuery.MaxLength],
                SearchQueryError.TooManyTerms => T["A search has at most {0} words and phrases.", SearchQuery.MaxTerms],
                SearchQueryError.OnlyExclusions => T["Say what to look for, not only what to leave out (-word)."],
                _ => T["Type words to look for in your links."],
            };
            var none = new LinkListPage(T["My links"], "links", null, new LinkPage([], null), path, null, null);
            return View(new MyLinksPage(none, q, null, message));
        }

        var results = await search.SearchAsync(userId, query, Math.Max(page, 1), LinkSearch.PageSize, cancellationToken);
        var list = new LinkListPage(T["My links"], "links", null, new LinkPage(results.Items, null), path,
            T["No link matches “{0}”", q], T["Search looks in the titles, addresses, descriptions and notes of your links."]);
        return View(new MyLinksPage(list, q, results, null));
    }

    /// <summary>The form, filled from the bookmarklet (<c>url</c>, <c>title</c>) or the share target, which often puts the address in <c>text</c>.</summary>
    [HttpGet("/links/new")]
    public async Task<IActionResult> New(string? url, string? title, string? text, CancellationToken cancellationToken) =>
        View(new NewLinkPage(PrefillUrl(url, title, text), [], null, await collections.WritableAsync(User.UserId()!.Value, cancellationToken), null, null));

    /// <summary>The address given, else the first http(s) address in the shared text or title.</summary>
    public static string? PrefillUrl(string? url, string? title, string? text)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            return url.Trim();
        }

        foreach (var source in new[] { text, title })
        {
            if (source is not null && FirstUrl().Match(source) is { Success: true } match)
            {
                return match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '}', '»', '"', '\'');
            }
        }

        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<>""']+", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FirstUrl();

    [HttpPost("/links/new")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string? url, Guid[]? collectionIds, string? newCollection, bool hidden, string? note, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        var chosen = collectionIds ?? [];
        var (id, error) = await saver.SaveAsync(userId, new LinkInput(url, chosen, newCollection, hidden, note), cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var message = error switch
            {
                LinkError.UrlMissing => T["Enter the address of the page to save."],
                LinkError.UrlTooLong => T["This address is too long: at most {0} characters.", LinkSaver.MaxUrlLength],
                LinkError.UrlNotWeb => T["Enter a web address starting with http:// or https://."],
                LinkError.UrlPrivate => T["This address points to a private network, which this instance does not fetch."],
                LinkError.NoteTooLong => T["A note has at most {0} characters.", Note.MaxContentLength],
                _ => T["A collection’s name has at most {0} characters.", Collection.MaxNameLength],
            };
            return View("New", new NewLinkPage(url, chosen, newCollection, await collections.WritableAsync(userId, cancellationToken), error, message) { IsHidden = hidden, Note = note });
        }

        // The page is read in the background; the result page fills in when it is.
        Flash(T["Link saved."]);
        return LocalRedirect($"/links/{id}/collections");
    }

    [HttpGet("/links/{id:guid}/collections")]
    public async Task<IActionResult> Collections(Guid id, CancellationToken cancellationToken) =>
        await collections.MembershipsAsync(User.UserId()!.Value, id, cancellationToken) is { } found
            ? View(new LinkCollectionsPage(found.Link, found.Collections))
            : NotFound();
}
