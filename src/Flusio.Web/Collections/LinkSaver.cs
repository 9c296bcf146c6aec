using System.Net;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Text;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>What is wrong with a link to save, translated by the page.</summary>
public enum LinkError
{
    UrlMissing,
    UrlTooLong,
    UrlNotWeb,
    UrlPrivate,
    NewCollectionNameTooLong,
    NoteTooLong,
}

/// <summary>A link to save, as the form sends it.</summary>
public sealed record LinkInput(string? Url, IReadOnlyCollection<Guid> CollectionIds, string? NewCollection, bool IsHidden = false, string? Note = null);

/// <summary>
/// Saves a link by URL into the user's account: one link per user and URL (saving again
/// finds the one already there), put in the chosen collections of the user's, and in a new
/// one named on the spot, with a note if one is written. Nothing is written when the input is
/// wrong. A new link's title is its URL until its page is read: a <c>link-metadata</c> job is
/// queued in the same unit of work, and nothing is fetched while saving.
/// </summary>
public sealed class LinkSaver(FlusioDbContext db, TimeProvider clock, JobQueue jobs, FlusioSettings settings, UserCollections collections)
{
    public const int MaxUrlLength = 2048;

    /// <summary>An absolute http or https URL of at most <see cref="MaxUrlLength"/> characters, or what is wrong with it.</summary>
    public static (Uri? Url, LinkError? Error) ParseUrl(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return (null, LinkError.UrlMissing);
        }

        if (trimmed.Length > MaxUrlLength)
        {
            return (null, LinkError.UrlTooLong);
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0
            ? (url, null)
            : (null, LinkError.UrlNotWeb);
    }

    /// <summary>
    /// Whether the URL names a private host by itself (an address of a private network, a
    /// local name), which the fetcher would refuse anyway. Names are not resolved here: saving
    /// fetches nothing; the job's fetcher checks the addresses a name resolves to.
    /// </summary>
    public static bool IsPrivate(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return !IPAddress.TryParse(url.DnsSafeHost, out var address) || !PublicAddressGuard.IsPublic(address);
        }

        var host = url.DnsSafeHost.TrimEnd('.').ToLowerInvariant();
        return host is "localhost" || !host.Contains('.', StringComparison.Ordinal)
            || host.EndsWith(".localhost", StringComparison.Ordinal) || host.EndsWith(".local", StringComparison.Ordinal)
            || host.EndsWith(".internal", StringComparison.Ordinal) || host.EndsWith(".home.arpa", StringComparison.Ordinal);
    }

    /// <summary>The saved link's id (new or found), or what is wrong with the input.</summary>
    public async Task<(Guid? LinkId, LinkError? Error)> SaveAsync(Guid userId, LinkInput input, CancellationToken cancellationToken)
    {
        var (url, error) = ParseUrl(input.Url);
        var newName = input.NewCollection?.Trim() ?? "";
        if (error is null && !settings.FetchAllowPrivateNetworks && IsPrivate(url!))
        {
            error = LinkError.UrlPrivate;
        }

        if (error is null && newName.Length > Collection.MaxNameLength)
        {
            error = LinkError.NewCollectionNameTooLong;
        }

        (string? Content, NoteError? Error)? note = string.IsNullOrWhiteSpace(input.Note) ? null : LinkNotes.Check(input.Note);
        if (error is null && note is { Error: not null })
        {
            error = LinkError.NoteTooLong;
        }

        if (error is not null)
        {
            return (null, error);
        }

        (Guid LinkId, List<Guid> Foreign) saved;
        try
        {
            saved = await SaveOnceAsync(userId, url!.AbsoluteUri, input, newName, note?.Content, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same URL saved by a parallel request: the second attempt finds its link.
            db.ChangeTracker.Clear();
            saved = await SaveOnceAsync(userId, url!.AbsoluteUri, input, newName, note?.Content, cancellationToken);
        }

        // Chosen collections of others, shared with the user to write: the link goes in as
        // their owner's (copied), through the rights of sharing; any other id is ignored.
        foreach (var collectionId in saved.Foreign)
        {
            await collections.AddLinkAsync(userId, collectionId, saved.LinkId, cancellationToken);
        }

        return (saved.LinkId, null);
    }

    /// <summary>Saves the link in the user's own chosen collections; the link's id and the chosen ids that are not the user's.</summary>
    private async Task<(Guid LinkId, List<Guid> Foreign)> SaveOnceAsync(Guid userId, string url, LinkInput input, string newName, string? note, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = UrlHash.Of(url);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var link = await db.Set<Link>().FirstOrDefaultAsync(l => l.UserId == userId && l.UrlHash == hash, cancellationToken);
        if (link is null)
        {
            link = new Link { Id = Guid.CreateVersion7(now), UserId = userId, Url = url, UrlHash = hash, Title = PlainText.Truncate(url, 500), PublishedAt = now, CreatedAt = now, IsHidden = input.IsHidden };
            db.Add(link);
            LinkMetadata.Enqueue(jobs, link, ignoreCache: false);
        }
        else if (input.IsHidden)
        {
            link.IsHidden = true;
        }

        if (note is not null)
        {
            db.Add(new Note { Id = Guid.CreateVersion7(now), LinkId = link.Id, UserId = userId, Content = note, CreatedAt = now, UpdatedAt = now });
        }

        var ids = input.CollectionIds.Distinct().Take(500).ToList();
        var targets = await db.Set<Collection>()
            .Where(c => c.UserId == userId && c.Kind == CollectionKind.Collection && ids.Contains(c.Id))
            .Select(c => c.Id).ToListAsync(cancellationToken);
        var foreign = ids.Except(targets).ToList();
        if (newName.Length > 0)
        {
            var collection = UserCollections.New(userId, newName, now);
            db.Add(collection);
            targets.Add(collection.Id);
        }

        var already = await db.Set<CollectionLink>().Where(e => e.LinkId == link.Id && targets.Contains(e.CollectionId)).Select(e => e.CollectionId).ToListAsync(cancellationToken);
        foreach (var collectionId in targets.Except(already))
        {
            db.Add(new CollectionLink { CollectionId = collectionId, LinkId = link.Id, AddedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (link.Id, foreign);
    }
}
