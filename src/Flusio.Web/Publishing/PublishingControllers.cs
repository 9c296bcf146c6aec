using Flusio.Web.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Flusio.Web.Publishing;

/// <summary>
/// A public document answered with its strong ETag; a request whose If-None-Match names it
/// gets 304 and no body. Readers revalidate every time (no-cache): a collection made private
/// is gone from its feed at the next request.
/// </summary>
public abstract class PublicDocumentController : FlusioController
{
    public const string AtomType = "application/atom+xml; charset=utf-8";

    protected IActionResult Document(PublishedDocument? document, string contentType)
    {
        if (document is null)
        {
            return NotFound();
        }

        Response.Headers.ETag = document.ETag;
        Response.Headers.CacheControl = "no-cache";
        var asked = Request.Headers.IfNoneMatch.ToString();
        if (asked.Length > 0 && EntityTagHeaderValue.TryParseList([asked], out var tags)
            && tags.Any(tag => tag.Compare(EntityTagHeaderValue.Any, useStrongComparison: false) || tag.Compare(new EntityTagHeaderValue(document.ETag), useStrongComparison: false)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return File(document.Body, contentType);
    }
}

/// <summary>Profiles (/p/{username}): the page, its Atom feed, the OPML of its collections. Anyone may read them.</summary>
public sealed class ProfilesController(PublicPages pages, PublicFeeds feeds) : PublicDocumentController
{
    [HttpGet("/p/{userName}")]
    public async Task<IActionResult> Show(string userName, string? after, CancellationToken cancellationToken) =>
        await pages.ProfileAsync(userName, after, cancellationToken) is { } page ? View(page) : NotFound();

    [HttpGet("/p/{userName}/feed.atom.xml")]
    public async Task<IActionResult> Feed(string userName, CancellationToken cancellationToken) =>
        Document(await feeds.ProfileAsync(userName, cancellationToken), AtomType);

    [HttpGet("/p/{userName}/opml.xml")]
    public async Task<IActionResult> Opml(string userName, CancellationToken cancellationToken) =>
        Document(await feeds.OpmlAsync(userName, cancellationToken), "text/x-opml; charset=utf-8");
}

/// <summary>
/// The Atom feeds of public collections and of the notes of public links, and a public link's
/// page. A private collection, a hidden link or an unknown id answers 404 to everyone, its
/// owner included: a private collection has no feed.
/// </summary>
public sealed class PublicFeedsController(PublicPages pages, PublicFeeds feeds) : PublicDocumentController
{
    [HttpGet("/collections/{id:guid}/feed.atom.xml")]
    public async Task<IActionResult> Collection(Guid id, bool direct, CancellationToken cancellationToken) =>
        Document(await feeds.CollectionAsync(id, direct, cancellationToken), AtomType);

    [HttpGet("/links/{id:guid}/feed.atom.xml")]
    public async Task<IActionResult> Notes(Guid id, CancellationToken cancellationToken) =>
        Document(await feeds.NotesAsync(id, cancellationToken), AtomType);

    [HttpGet("/collections/{id:guid}/links/{linkId:guid}")]
    public async Task<IActionResult> Link(Guid id, Guid linkId, CancellationToken cancellationToken) =>
        await pages.LinkAsync(id, linkId, cancellationToken) is { } page ? View(page) : NotFound();
}

/// <summary>Discovery: public collections by topic. Anyone may read it.</summary>
public sealed class DiscoveryController(PublicPages pages) : FlusioController
{
    [HttpGet("/discovery")]
    public async Task<IActionResult> Index(Guid? topic, CancellationToken cancellationToken) =>
        topic is { } id ? LocalRedirect($"/discovery/{id}") : View(await pages.DiscoveryAsync(null, cancellationToken));

    [HttpGet("/discovery/{topicId:guid}")]
    public async Task<IActionResult> Topic(Guid topicId, CancellationToken cancellationToken) =>
        await pages.DiscoveryAsync(topicId, cancellationToken) is { } page ? View("Index", page) : NotFound();
}
