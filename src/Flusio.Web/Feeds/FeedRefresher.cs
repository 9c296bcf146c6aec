using System.Diagnostics;
using Flusio.Feeds.Cleaning;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Parsing;
using Flusio.Web.Data;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Feeds;

public enum RefreshResult
{
    Fetched,
    NotModified,
    Failed,
    Skipped,
}

public sealed record RefreshOutcome(Guid FeedId, RefreshResult Result, int NewEntries);

/// <summary>The one line a refresh pass ends with.</summary>
public sealed record RefreshSummary(int Feeds, int Fetched, int NotModified, int Failed, int NewEntries, TimeSpan Elapsed)
{
    public override string ToString() => FormattableString.Invariant(
        $"feeds={Feeds} fetched={Fetched} not_modified={NotModified} failed={Failed} new_entries={NewEntries} seconds={Elapsed.TotalSeconds:0.0}");
}

/// <summary>
/// Fetches feeds and stores their new entries. Every fetch is conditional (ETag,
/// Last-Modified) and goes through the <see cref="FetchGate"/>; each feed is stored in a
/// scope and transaction of its own, its new entries in one batch, and a feed whose entries
/// did not change writes nothing but its check times.
/// </summary>
public sealed class FeedRefresher(
    IServiceScopeFactory scopes,
    IHttpFetcher fetcher,
    HtmlCleaner cleaner,
    FetchGate gate,
    TimeProvider clock,
    ILogger<FeedRefresher> log)
{
    /// <summary>Entries beyond this many in one document are ignored (the newest come first in practice).</summary>
    public const int MaxEntriesPerFetch = 500;

    public async Task<RefreshSummary> RefreshAsync(IReadOnlyCollection<Guid> feedIds, int concurrency, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcomes = new List<RefreshOutcome>(feedIds.Count);
        await Parallel.ForEachAsync(
            feedIds,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
            async (id, token) =>
            {
                var outcome = await RefreshOneAsync(id, token);
                lock (outcomes)
                {
                    outcomes.Add(outcome);
                }
            });
        return new RefreshSummary(
            outcomes.Count(o => o.Result != RefreshResult.Skipped),
            outcomes.Count(o => o.Result == RefreshResult.Fetched),
            outcomes.Count(o => o.Result == RefreshResult.NotModified),
            outcomes.Count(o => o.Result == RefreshResult.Failed),
            outcomes.Sum(o => o.NewEntries),
            Stopwatch.GetElapsedTime(started));
    }

    public async Task<RefreshOutcome> RefreshOneAsync(Guid feedId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlusioDbContext>();
        var feed = await db.Set<Feed>().FirstOrDefaultAsync(f => f.Id == feedId, cancellationToken);
        if (feed is null || feed.Gone)
        {
            return new RefreshOutcome(feedId, RefreshResult.Skipped, 0);
        }

        var url = new Uri(feed.Url);
        FetchResult response;
        ParsedFeed? parsed = null;
        try
        {
            var request = new FetchRequest { Kind = FetchKind.Feed, ETag = feed.ETag, LastModified = feed.LastModified };
            response = await gate.RunAsync(feed.Host, () => fetcher.FetchAsync(url, request, cancellationToken), cancellationToken);
            if (!response.NotModified)
            {
                parsed = FeedParser.Parse(response.Body, new FeedParseOptions { FeedUrl = response.FinalUrl, HttpCharset = response.Charset });
            }
        }
        catch (FetchException e)
        {
            await FailAsync(db, feed, e.StatusCode == 410 ? FeedErrors.Gone : FeedErrors.Key(e.Kind), e.StatusCode, e.RetryAfter, cancellationToken);
            return new RefreshOutcome(feedId, RefreshResult.Failed, 0);
        }
        catch (FeedParseException e)
        {
            await FailAsync(db, feed, FeedErrors.Key(e.Kind), null, null, cancellationToken);
            return new RefreshOutcome(feedId, RefreshResult.Failed, 0);
        }

        var now = clock.GetUtcNow();
        feed.CheckedAt = now;
        feed.FetchedAt = now;
        feed.ErrorKind = null;
        feed.ErrorStatus = null;
        feed.ErrorSince = null;
        feed.FailureCount = 0;
        var hints = new FetchHints { MaxAge = response.MaxAge, Expires = response.Expires, RetryAfter = response.RetryAfter };
        if (parsed is null)
        {
            feed.NextCheckAt = RefreshSchedule.AfterSuccess(now, hints with { EntryDates = await RecentDatesAsync(db, feedId, cancellationToken) }, Random.Shared.NextDouble());
            await db.SaveChangesAsync(cancellationToken);
            return new RefreshOutcome(feedId, RefreshResult.NotModified, 0);
        }

        await MoveIfRedirectedAsync(db, feed, response, cancellationToken);
        feed.ETag = response.ETag;
        feed.LastModified = response.LastModified;
        feed.Title = Text(parsed.Title, 500) ?? (feed.Title.Length > 0 ? feed.Title : url.Host);
        feed.SiteUrl = Uri.TryCreate(response.FinalUrl, parsed.Link, out var site) && site.Scheme.StartsWith("http", StringComparison.Ordinal) ? site.AbsoluteUri : feed.SiteUrl;
        feed.Description = Text(Flusio.Feeds.Text.PlainText.FromHtml(parsed.Description), 1000) ?? feed.Description;

        var entries = FeedEntries.Prepare(parsed with { Entries = [.. parsed.Entries.Take(MaxEntriesPerFetch)] }, response.FinalUrl, cleaner, now);
        var added = await StoreEntriesAsync(db, feed, entries, now, cancellationToken);
        feed.NextCheckAt = RefreshSchedule.AfterSuccess(now, hints with { Ttl = parsed.Ttl, EntryDates = [.. entries.Select(e => e.PublishedAt)] }, Random.Shared.NextDouble());
        await db.SaveChangesAsync(cancellationToken);
        return new RefreshOutcome(feedId, RefreshResult.Fetched, added);
    }

    /// <summary>
    /// Adds the entries not known yet, by identity then by URL, skipping those that retention
    /// removed; a known identity whose URL changed updates its link instead. One query reads
    /// what is known of these entries, whatever their number.
    /// </summary>
    private static async Task<int> StoreEntriesAsync(FlusioDbContext db, Feed feed, List<StoredEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        var keys = entries.Select(e => e.Key).ToList();
        var hashes = entries.Select(e => e.UrlHash).ToList();
        var known = await db.Set<Link>()
            .Where(l => l.FeedId == feed.Id && (keys.Contains(l.EntryKey!) || hashes.Contains(l.UrlHash)))
            .ToListAsync(cancellationToken);
        var byKey = known.ToDictionary(l => l.EntryKey!, StringComparer.Ordinal);
        var knownUrls = known.Select(l => l.UrlHash).ToHashSet(StringComparer.Ordinal);
        var fresh = entries.Where(e => !byKey.ContainsKey(e.Key) && !knownUrls.Contains(e.UrlHash)).ToList();
        var buried = fresh.Count == 0
            ? []
            : await db.Set<FeedTombstone>().Where(t => t.FeedId == feed.Id && keys.Contains(t.EntryKey)).Select(t => t.EntryKey).ToHashSetAsync(cancellationToken);

        foreach (var entry in entries)
        {
            if (byKey.TryGetValue(entry.Key, out var link) && link.UrlHash != entry.UrlHash && !knownUrls.Contains(entry.UrlHash))
            {
                // Same entry, new address: the link moves with it.
                link.Url = entry.Url;
                link.UrlHash = entry.UrlHash;
                link.Title = entry.Title;
                knownUrls.Add(entry.UrlHash);
            }
        }

        var added = 0;
        foreach (var entry in fresh)
        {
            if (buried.Contains(entry.Key))
            {
                continue;
            }

            db.Add(new Link
            {
                Id = Guid.CreateVersion7(now),
                FeedId = feed.Id,
                Url = entry.Url,
                UrlHash = entry.UrlHash,
                EntryKey = entry.Key,
                Title = entry.Title,
                Summary = entry.Summary,
                Content = entry.Content,
                PublishedAt = entry.PublishedAt,
                CreatedAt = now,
            });
            added++;
        }

        return added;
    }

    /// <summary>A permanent redirect moves the feed, unless another feed of the instance already has that URL.</summary>
    private async Task MoveIfRedirectedAsync(FlusioDbContext db, Feed feed, FetchResult response, CancellationToken cancellationToken)
    {
        if (response.PermanentRedirectUrl is not { } moved)
        {
            return;
        }

        var hash = UrlHash.Of(moved.AbsoluteUri);
        if (hash == feed.UrlHash || await db.Set<Feed>().AnyAsync(f => f.UrlHash == hash, cancellationToken))
        {
            return;
        }

        log.LogInformation("Feed {FeedId} moved for good from {From} to {To}", feed.Id, feed.Url, moved.AbsoluteUri);
        feed.Url = UrlHash.Normalise(moved.AbsoluteUri);
        feed.UrlHash = hash;
        feed.Host = moved.Host;
    }

    private async Task FailAsync(FlusioDbContext db, Feed feed, string error, int? status, DateTimeOffset? retryAfter, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        feed.CheckedAt = now;
        feed.ErrorKind = error;
        feed.ErrorStatus = status;
        feed.ErrorSince ??= now;
        feed.FailureCount++;
        feed.Gone = error == FeedErrors.Gone;
        feed.NextCheckAt = RefreshSchedule.AfterFailure(now, feed.FailureCount, retryAfter, Random.Shared.NextDouble());
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("Feed {FeedId} failed ({Error}{Status}), attempt {Failures}", feed.Id, error, status is null ? "" : " " + status, feed.FailureCount);
    }

    private static async Task<DateTimeOffset[]> RecentDatesAsync(FlusioDbContext db, Guid feedId, CancellationToken cancellationToken) =>
        await db.Set<Link>().Where(l => l.FeedId == feedId).OrderByDescending(l => l.PublishedAt).Take(20).Select(l => l.PublishedAt).ToArrayAsync(cancellationToken);

    private static string? Text(string? text, int max) =>
        Flusio.Feeds.Text.PlainText.Collapse(text) is { Length: > 0 } clean ? Flusio.Feeds.Text.PlainText.Truncate(clean, max) : null;
}
