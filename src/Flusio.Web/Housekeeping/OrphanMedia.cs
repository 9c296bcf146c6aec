using Flusio.Web.Data;
using Flusio.Web.Links;
using Flusio.Web.Media;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Housekeeping;

/// <summary>
/// Removes media files that nothing references any more (a link's <c>illustration_path</c> is
/// the only holder of media paths), for `flusio media clean` and the daily housekeeping alike.
/// A file is removed only when it was last written more than <see cref="MinimumAge"/> ago: an
/// illustration is stored before the link that shows it is saved, and storing bytes that are
/// there already makes the file new again, so the link about to use it keeps it.
/// The store's listing is read once, <see cref="BatchSize"/> files at a time, each batch
/// checked against the links with one query; memory stays flat whatever the number of files.
/// </summary>
public sealed class OrphanMedia(FlusioDbContext db, IMediaStore store, TimeProvider clock)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);
    public const int BatchSize = 500;

    /// <summary>Files seen, files removed, bytes they held.</summary>
    public sealed record Report(int Files, int Removed, long Bytes)
    {
        public override string ToString() => $"media files={Files} removed={Removed} bytes={Bytes}";
    }

    /// <summary>Removes unreferenced files older than <see cref="MinimumAge"/>, at most <paramref name="maxRemoved"/> of them (then stops).</summary>
    public async Task<Report> CleanAsync(int maxRemoved = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var writtenBefore = clock.GetUtcNow() - MinimumAge;
        var (files, removed, bytes) = (0, 0, 0L);
        var batch = new List<StoredMedia>(BatchSize);

        async Task FlushAsync()
        {
            var (count, size) = await RemoveUnreferencedAsync(batch, maxRemoved - removed, cancellationToken);
            removed += count;
            bytes += size;
            batch.Clear();
        }

        await foreach (var file in store.ListAsync(cancellationToken))
        {
            files++;
            if (file.LastModified < writtenBefore)
            {
                batch.Add(file);
            }

            if (batch.Count == BatchSize)
            {
                await FlushAsync();
                if (removed >= maxRemoved)
                {
                    break;
                }
            }
        }

        if (batch.Count > 0 && removed < maxRemoved)
        {
            await FlushAsync();
        }

        return new Report(files, removed, bytes);
    }

    private async Task<(int Removed, long Bytes)> RemoveUnreferencedAsync(List<StoredMedia> candidates, int limit, CancellationToken cancellationToken)
    {
        var paths = candidates.Select(c => c.Path).ToList();
        var referenced = (await db.Set<Link>().AsNoTracking()
            .Where(l => l.IllustrationPath != null && paths.Contains(l.IllustrationPath))
            .Select(l => l.IllustrationPath!)
            .Distinct()
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var (removed, bytes) = (0, 0L);
        foreach (var orphan in candidates.Where(c => !referenced.Contains(c.Path)).Take(limit))
        {
            await store.DeleteAsync(orphan.Path, cancellationToken);
            removed++;
            bytes += orphan.Bytes;
        }

        return (removed, bytes);
    }
}
