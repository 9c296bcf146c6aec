using Flusio.Web.Links;
using Flusio.Web.Reading;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>The form to save a link: what was typed, the user's collections to choose from, what is wrong.</summary>
public sealed record NewLinkPage(string? Url, IReadOnlyCollection<Guid> Chosen, string? NewCollection, IReadOnlyList<CollectionSummary> Collections, LinkError? Error, string? Message);

/// <summary>A link of the user's and the user's collections, each with its add or remove form.</summary>
public sealed record LinkCollectionsPage(Link Link, IReadOnlyList<CollectionMembership> Collections);

/// <summary>"My links": every link the user owns; saving a link by URL; putting a link in collections.</summary>
[Authorize]
public sealed class MyLinksController(LinkSaver saver, UserCollections collections, LinkListing listing) : FlusioController
{
    [HttpGet("/links")]
    public async Task<IActionResult> Index(string? after, CancellationToken cancellationToken)
    {
        var page = await listing.ListOwnAsync(User.UserId()!.Value, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken);
        var path = "/links" + (after is null ? "" : "?after=" + Uri.EscapeDataString(after));
        return View(new LinkListPage(T["My links"], "links", null, page, path, T["No links yet"], T["The links you save, read later or read are all listed here."]));
    }

    [HttpGet("/links/new")]
    public async Task<IActionResult> New(string? url, CancellationToken cancellationToken) =>
        View(new NewLinkPage(url, [], null, await collections.ListAsync(User.UserId()!.Value, cancellationToken), null, null));

    [HttpPost("/links/new")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string? url, Guid[]? collectionIds, string? newCollection, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        var chosen = collectionIds ?? [];
        var (id, error) = await saver.SaveAsync(userId, new LinkInput(url, chosen, newCollection), cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var message = error switch
            {
                LinkError.UrlMissing => T["Enter the address of the page to save."],
                LinkError.UrlTooLong => T["This address is too long: at most {0} characters.", LinkSaver.MaxUrlLength],
                LinkError.UrlNotWeb => T["Enter a web address starting with http:// or https://."],
                _ => T["A collection’s name has at most {0} characters.", Collection.MaxNameLength],
            };
            return View("New", new NewLinkPage(url, chosen, newCollection, await collections.ListAsync(userId, cancellationToken), error, message));
        }

        Flash(T["Link saved."]);
        return LocalRedirect($"/links/{id}/collections");
    }

    [HttpGet("/links/{id:guid}/collections")]
    public async Task<IActionResult> Collections(Guid id, CancellationToken cancellationToken) =>
        await collections.MembershipsAsync(User.UserId()!.Value, id, cancellationToken) is { } found
            ? View(new LinkCollectionsPage(found.Link, found.Collections))
            : NotFound();
}
