using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Collections;

/// <summary>What is wrong with a repair, translated by the page.</summary>
public enum RepairError
{
    TitleMissing,
    TitleTooLong,
    ReadingMinutesInvalid,
    UrlTaken,
}

/// <summary>A repair as the form sends it: the title and reading time the user set, whether to take the cleaned address, whether to read the page again.</summary>
public sealed record RepairInput(string? Title, int? ReadingMinutes, bool UseCleanUrl, bool Refetch);

/// <summary>
/// Repairs a user's link: reads its page again ignoring caches (a fresh state, a new
/// <c>link-metadata</c> job), keeps a title and a reading time the user sets (marked edited,
/// so that reading the page does not replace them), and takes the address without its
/// tracking parameters when the user accepts it. Only the link's owner; nothing is written
/// when the input is wrong.
/// </summary>
public sealed class LinkRepair(FlusioDbContext db, JobQueue jobs)
{
    public const int MaxTitleLength = 500;
    public const int MaxReadingMinutes = 10_000;

    /// <summary>The user's own link, or null.</summary>
    public Task<Link?> FindOwnAsync(Guid userId, Guid linkId, CancellationToken cancellationToken) =>
        db.Set<Link>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);

    /// <summary>The address <paramref name="link"/> would have without tracking parameters, or null when it has none.</summary>
    public static string? CleanUrl(Link link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!Uri.TryCreate(link.Url, UriKind.Absolute, out var url))
        {
            return null;
        }

        var clean = TrackingParameters.Strip(url).AbsoluteUri;
        return clean == url.AbsoluteUri ? null : clean;
    }

    /// <summary>Found is false when the link is not the user's.</summary>
    public async Task<(bool Found, RepairError? Error)> RepairAsync(Guid userId, Guid linkId, RepairInput input, CancellationToken cancellationToken)
    {
        var link = await db.Set<Link>().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId == userId, cancellationToken);
        if (link is null)
        {
            return (false, null);
        }

        var title = input.Title?.Trim() ?? "";
        if (input.Title is not null && title.Length == 0)
        {
            return (true, RepairError.TitleMissing);
        }

        if (title.Length > MaxTitleLength)
        {
            return (true, RepairError.TitleTooLong);
        }

        if (input.ReadingMinutes is < 0 or > MaxReadingMinutes)
        {
            return (true, RepairError.ReadingMinutesInvalid);
        }

        var refetch = input.Refetch;
        if (input.UseCleanUrl && CleanUrl(link) is { } clean)
        {
            var hash = UrlHash.Of(clean);
            if (await db.Set<Link>().AnyAsync(l => l.UserId == userId && l.UrlHash == hash && l.Id != link.Id, cancellationToken))
            {
                return (true, RepairError.UrlTaken);
            }

            if (link.Title == link.Url && title == link.Url)
            {
                title = clean;
            }

            link.Url = clean;
            link.UrlHash = hash;
            refetch = true;
        }

        if (title.Length > 0 && title != link.Title)
        {
            link.Title = title;
            link.TitleEdited = true;
        }

        if (input.ReadingMinutes is { } minutes && minutes != link.ReadingMinutes)
        {
            link.ReadingMinutes = minutes;
            link.ReadingMinutesEdited = true;
        }

        if (refetch)
        {
            link.MetadataAttempts = 0;
            link.MetadataError = null;
            LinkMetadata.Enqueue(jobs, link, ignoreCache: true);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }
}
