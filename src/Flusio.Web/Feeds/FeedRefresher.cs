using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
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
/// Last-Modified) and goes through the <see cref="FetchGate"/>. Fetching and storing are two
/// stages. <c>concurrency</c> fetchers read the feeds (<see cref="LoadChunk"/> with one
/// query), fetch, parse and clean them, and hand the results over a bounded channel to
/// <see cref="Writers"/> writers; each stores whatever has arrived as one batch (at most
/// <see cref="MaxBatchFeeds"/> feeds, and no feed more once it holds
/// <see cref="MaxBatchEntries"/> entries) in one scope and transaction, with a fixed number
/// of queries whatever the number of feeds and entries: the new entries go in with one bulk
/// insert (<see cref="BulkInsert"/>), the feeds' check times with one save. A feed whose
/// entries did not change writes nothing but its check times. If a batch fails to store,
/// its feeds are stored again one by one, each in a transaction of its own. Memory is
/// bounded by the channel and the batches, not by the number of feeds.
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

    /// <summary>Feeds read for fetching in one query.</summary>
    public const int LoadChunk = 500;

    /// <summary>At most this many feeds are stored in one batch.</summary>
    public const int MaxBatchFeeds = 250;

    /// <summary>
    /// Fetched feeds waiting for a writer, at most. While the database is the slower stage
    /// the channel stays full, so this bounds the entries held in memory beside the batches
    /// being stored. A first pass over 10,000 farm feeds (bench/refresh) peaked at 303 MB of
    /// RSS with 250 waiting; with 64, at 237-241 MB but 2-4 s slower (smaller batches); with
    /// 96, at 237-252 MB in 29-33 s.
    /// </summary>
    public const int Waiting = 96;

    /// <summary>Batches stored at the same time.</summary>
    public const int Writers = 2;

    /// <summary>A batch takes no further feed once it holds this many entries.</summary>
    public const int MaxBatchEntries = 2_000;

    public async Task<RefreshSummary> RefreshAsync(IReadOnlyCollection<Guid> feedIds, int concurrency, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcomes = await RunAsync(feedIds, concurrency, cancellationToken);
        Metrics.Measures.RefreshPass(Stopwatch.GetElapsedTime(started));
        return new RefreshSummary(
            outcomes.Count(o => o.Result != RefreshResult.Skipped),
            outcomes.Count(o => o.Result == RefreshResult.Fetched),
            outcomes.Count(o => o.Result == RefreshResult.NotModified),
            outcomes.Count(o => o.Result == RefreshResult.Failed),
            outcomes.Sum(o => o.NewEntries),
            Stopwatch.GetElapsedTime(started));
    }

    public async Task<RefreshOutcome> RefreshOneAsync(Guid feedId, CancellationToken cancellationToken) =>
        (await RunAsync([feedId], 1, cancellationToken)) is [var outcome] ? outcome : new RefreshOutcome(feedId, RefreshResult.Skipped, 0);

    private async Task<List<RefreshOutcome>> RunAsync(IReadOnlyCollection<Guid> feedIds, int concurrency, CancellationToken cancellationToken)
    {
        var outcomes = new List<RefreshOutcome>(feedIds.Count);
        var results = Channel.CreateBounded<Fetched>(new BoundedChannelOptions(Waiting));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // While one writer waits on the database, the other prepares its batch.
        var writing = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteAllAsync(results.Reader, outcomes, stop)));
        var fetching = FetchAllAsync(feedIds, concurrency, results.Writer, outcomes, stop.Token);
        try
        {
            await Task.WhenAll(fetching, writing);
        }
        catch when (writing.IsFaulted)
        {
            // The writer's failure stopped the fetchers: it is the one to tell.
            ExceptionDispatchInfo.Throw(writing.Exception!.InnerException!);
        }

        Metrics.Measures.FeedRefreshed("fetched", outcomes.Count(o => o.Result == RefreshResult.Fetched));
        Metrics.Measures.FeedRefreshed("not_modified", outcomes.Count(o => o.Result == RefreshResult.NotModified));
        Metrics.Measures.FeedRefreshed("failed", outcomes.Count(o => o.Result == RefreshResult.Failed));
        return outcomes;
    }

    private async Task FetchAllAsync(IReadOnlyCollection<Guid> feedIds, int concurrency, ChannelWriter<Fetched> results, List<RefreshOutcome> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(
                LoadAsync(feedIds, outcomes, cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
                async (feed, token) => await results.WriteAsync(await FetchAsync(feed, token), token));
        }
        finally
        {
            results.TryComplete();
        }
    }

    /// <summary>The feeds to fetch, read in chunks; those missing or gone are skipped at once.</summary>
    private async IAsyncEnumerable<Feed> LoadAsync(IReadOnlyCollection<Guid> feedIds, List<RefreshOutcome> outcomes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in feedIds.Chunk(LoadChunk))
        {
            Dictionary<Guid, Feed> feeds;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FlusioDbContext>();
                feeds = await db.Set<Feed>().AsNoTracking().Where(f => chunk.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
            }

            foreach (var id in chunk)
            {
                if (feeds.TryGetValue(id, out var feed) && !feed.Gone)
                {
                    yield return feed;
                }
                else
                {
                    lock (outcomes)
                    {
                        outcomes.Add(new RefreshOutcome(id, RefreshResult.Skipped, 0));
                    }
                }
            }
        }
    }

    /// <summary>Fetches, parses and cleans one feed; touches no database. Fetch and parse failures are results, not exceptions.</summary>
    private async Task<Fetched> FetchAsync(Feed feed, CancellationToken cancellationToken)
    {
        var url = new Uri(feed.Url);
        try
        {
            var request = new FetchRequest { Kind = FetchKind.Feed, ETag = feed.ETag, LastModified = feed.LastModified };
            var response = await gate.RunAsync(feed.Host, () => fetcher.FetchAsync(url, request, cancellationToken), cancellationToken);
            var hints = new FetchHints { MaxAge = response.MaxAge, Expires = response.Expires, RetryAfter = response.RetryAfter };
            if (response.NotModified)
            {
                return new Fetched(feed.Id, clock.GetUtcNow()) { Response = response, Hints = hints };
            }

            var parsed = FeedParser.Parse(response.Body, new FeedParseOptions { FeedUrl = response.FinalUrl, HttpCharset = response.Charset });
            var now = clock.GetUtcNow();
            var entries = FeedEntries.Prepare(parsed with { Entries = [.. parsed.Entries.Take(MaxEntriesPerFetch)] }, response.FinalUrl, cleaner, now);
            return new Fetched(feed.Id, now)
            {
                // The body is parsed: the batch waiting to be stored does not keep it.
                Response = response with { Body = [] },
                Hints = hints with { Ttl = parsed.Ttl },
                Feed = parsed with { Entries = [] },
                Entries = entries,
            };
        }
        catch (FetchException e)
        {
            return new Fetched(feed.Id, clock.GetUtcNow()) { Error = e.StatusCode == 410 ? FeedErrors.Gone : FeedErrors.Key(e.Kind), ErrorStatus = e.StatusCode, RetryAfter = e.RetryAfter };
        }
        catch (FeedParseException e)
        {
            return new Fetched(feed.Id, clock.GetUtcNow()) { Error = FeedErrors.Key(e.Kind) };
        }
    }

    /// <summary>Stores the results as they come, each time all that arrived meanwhile (within the batch caps) as one batch.</summary>
    private async Task WriteAllAsync(ChannelReader<Fetched> results, List<RefreshOutcome> outcomes, CancellationTokenSource stop)
    {
        var batch = new List<Fetched>(MaxBatchFeeds);
        try
        {
            while (await results.WaitToReadAsync(stop.Token))
            {
                var entries = 0;
                while (batch.Count < MaxBatchFeeds && entries < MaxBatchEntries && results.TryRead(out var result))
                {
                    batch.Add(result);
                    entries += result.Entries.Count;
                }

                var stored = await StoreBatchAsync(batch, stop.Token);
                lock (outcomes)
                {
                    outcomes.AddRange(stored);
                }

                batch.Clear();
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task<List<RefreshOutcome>> StoreBatchAsync(List<Fetched> batch, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreAsync(batch, cancellationToken);
        }
        catch (Exception e) when (batch.Count > 1 && e is DbUpdateException or DbException)
        {
            // One feed's conflict (another process stored the same entry meanwhile) must not
            // lose the others: each is tried again on its own.
            log.LogWarning(e, "Storing a batch of {Count} refreshed feeds failed; storing them one by one", batch.Count);
            var outcomes = new List<RefreshOutcome>(batch.Count);
            foreach (var result in batch)
            {
                outcomes.AddRange(await StoreAsync([result], cancellationToken));
            }

            return outcomes;
        }
    }

    /// <summary>
    /// Stores a batch in one scope and transaction, with a fixed number of queries: the feeds,
    /// the recent dates of those not modified, what is known of the entries, the tombstones,
    /// then the new entries in one bulk insert and the feeds' changes in one save.
    /// </summary>
    private async Task<List<RefreshOutcome>> StoreAsync(IReadOnlyList<Fetched> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlusioDbContext>();
        var ids = batch.Select(r => r.FeedId).ToList();
        var feeds = await db.Set<Feed>().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        // A 304 paces the feed by the rhythm its last full fetch kept; only feeds that have none
        // yet (fetched before it was kept) read their entries' dates.
        var unpaced = batch.Where(r => r.Response is { NotModified: true } && feeds.TryGetValue(r.FeedId, out var f) && f.NewestEntryAt is null).Select(r => r.FeedId).ToList();
        var recent = unpaced.Count == 0 ? [] : await RecentDatesAsync(db, unpaced, cancellationToken);
        var store = await EntryStore.LoadAsync(db, batch.Where(r => r.Entries.Count > 0 && feeds.ContainsKey(r.FeedId)).ToList(), cancellationToken);

        var outcomes = new List<RefreshOutcome>(batch.Count);
        var failures = new List<(Feed Feed, Fetched Result)>();
        var checks = new List<FeedCheck>();
        var moves = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in batch)
        {
            if (!feeds.TryGetValue(result.FeedId, out var feed))
            {
                // Removed since it was read.
                outcomes.Add(new RefreshOutcome(result.FeedId, RefreshResult.Skipped, 0));
                continue;
            }

            if (result.Error is { } error)
            {
                Fail(feed, result.Now, error, result.ErrorStatus, result.RetryAfter);
                failures.Add((feed, result));
                outcomes.Add(new RefreshOutcome(feed.Id, RefreshResult.Failed, 0));
                continue;
            }

            var response = result.Response!;
            var now = result.Now;
            if (result.Feed is not { } parsed)
            {
                var ttl = feed.TtlMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
                var rhythm = feed.Rhythm ?? RefreshSchedule.RhythmOf(now, recent.GetValueOrDefault(feed.Id, []));
                var next = RefreshSchedule.AfterSuccess(now, result.Hints with { Ttl = ttl, Rhythm = rhythm }, Random.Shared.NextDouble());
                var firstPace = feed.NewestEntryAt is null && rhythm is not null;
                if (firstPace)
                {
                    feed.KeepPace(rhythm, ttl);
                }

                checks.Add(new FeedCheck(feed, now, next, Tracked: firstPace));
                outcomes.Add(new RefreshOutcome(feed.Id, RefreshResult.NotModified, 0));
                continue;
            }

            Checked(feed, now);
            var url = new Uri(feed.Url);
            await MoveIfRedirectedAsync(db, feed, response, moves, cancellationToken);
            feed.ETag = response.ETag;
            feed.LastModified = response.LastModified;
            feed.Title = Text(parsed.Title, 500) ?? (feed.Title.Length > 0 ? feed.Title : url.Host);
            feed.SiteUrl = Uri.TryCreate(response.FinalUrl, parsed.Link, out var site) && site.Scheme.StartsWith("http", StringComparison.Ordinal) ? site.AbsoluteUri : feed.SiteUrl;
            feed.Description = Text(Flusio.Feeds.Text.PlainText.FromHtml(parsed.Description), 1000) ?? feed.Description;
            var added = store.Store(feed, result.Entries, now);
            var pace = RefreshSchedule.RhythmOf(now, result.Entries.Select(e => e.PublishedAt));
            feed.KeepPace(pace, parsed.Ttl);
            feed.NextCheckAt = RefreshSchedule.AfterSuccess(now, result.Hints with { Rhythm = pace }, Random.Shared.NextDouble());
            outcomes.Add(new RefreshOutcome(feed.Id, RefreshResult.Fetched, added));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.InsertAllAsync(store.Added, cancellationToken);
            await WriteChecksAsync(db, checks, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (feed, result) in failures)
        {
            log.LogInformation("Feed {FeedId} failed ({Error}{Status}), attempt {Failures}", feed.Id, result.Error, result.ErrorStatus is null ? "" : " " + result.ErrorStatus, feed.FailureCount);
        }

        return outcomes;
    }

    /// <summary>
    /// What the batch's feeds already hold of the entries they list, read with one query for
    /// links and one for tombstones, whatever the number of feeds and entries.
    /// </summary>
    private sealed class EntryStore
    {
        private readonly ILookup<Guid, Link> _known;
        private readonly HashSet<(Guid, string)> _buried;

        private EntryStore(ILookup<Guid, Link> known, HashSet<(Guid, string)> buried)
        {
            _known = known;
            _buried = buried;
        }

        public static async Task<EntryStore> LoadAsync(FlusioDbContext db, List<Fetched> results, CancellationToken cancellationToken)
        {
            if (results.Count == 0)
            {
                return new EntryStore(Array.Empty<Link>().ToLookup(l => l.FeedId!.Value), []);
            }

            var ids = results.Select(r => r.FeedId).ToList();
            var keys = results.SelectMany(r => r.Entries).Select(e => e.Key).Distinct(StringComparer.Ordinal).ToList();
            var hashes = results.SelectMany(r => r.Entries).Select(e => e.UrlHash).Distinct(StringComparer.Ordinal).ToList();
            var known = await db.Set<Link>()
                .Where(l => l.FeedId != null && ids.Contains(l.FeedId.Value) && (keys.Contains(l.EntryKey!) || hashes.Contains(l.UrlHash)))
                .ToListAsync(cancellationToken);
            var buried = await db.Set<FeedTombstone>()
                .Where(t => ids.Contains(t.FeedId) && keys.Contains(t.EntryKey))
                .Select(t => new { t.FeedId, t.EntryKey })
                .ToListAsync(cancellationToken);
            return new EntryStore(known.ToLookup(l => l.FeedId!.Value), [.. buried.Select(t => (t.FeedId, t.EntryKey))]);
        }

        /// <summary>
        /// Adds the entries not known yet, by identity then by URL, skipping those that retention
        /// removed; a known identity whose URL changed updates its link instead.
        /// </summary>
        /// <summary>The new links of the batch's feeds, written with one bulk insert.</summary>
        public List<Link> Added { get; } = [];

        public int Store(Feed feed, List<StoredEntry> entries, DateTimeOffset now)
        {
            if (entries.Count == 0)
            {
                return 0;
            }

            var keys = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            var hashes = entries.Select(e => e.UrlHash).ToHashSet(StringComparer.Ordinal);
            // The batch's query asked for every feed's keys and URLs at once: keep this feed's matches.
            var known = _known[feed.Id].Where(l => keys.Contains(l.EntryKey!) || hashes.Contains(l.UrlHash)).ToList();
            var byKey = known.ToDictionary(l => l.EntryKey!, StringComparer.Ordinal);
            var knownUrls = known.Select(l => l.UrlHash).ToHashSet(StringComparer.Ordinal);
            var fresh = entries.Where(e => !byKey.ContainsKey(e.Key) && !knownUrls.Contains(e.UrlHash)).ToList();

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
                if (_buried.Contains((feed.Id, entry.Key)))
                {
                    continue;
                }

                Added.Add(new Link
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
    }

    /// <summary>A fetch's result on its way to the writer: a response (parsed and cleaned unless 304) or an error.</summary>
    private sealed record Fetched(Guid FeedId, DateTimeOffset Now)
    {
        public FetchResult? Response { get; init; }
        public FetchHints Hints { get; init; } = new();

        /// <summary>The feed's own fields as parsed, without its entries (those are in <see cref="Entries"/>); null on 304.</summary>
        public ParsedFeed? Feed { get; init; }
        public List<StoredEntry> Entries { get; init; } = [];
        public string? Error { get; init; }
        public int? ErrorStatus { get; init; }
        public DateTimeOffset? RetryAfter { get; init; }
    }

    /// <summary>
    /// A permanent redirect moves the feed, unless another feed of the instance already has that
    /// URL, or another feed of the batch (<paramref name="moves"/>) moves there.
    /// </summary>
    private async Task MoveIfRedirectedAsync(FlusioDbContext db, Feed feed, FetchResult response, HashSet<string> moves, CancellationToken cancellationToken)
    {
        if (response.PermanentRedirectUrl is not { } moved)
        {
            return;
        }

        var hash = UrlHash.Of(moved.AbsoluteUri);
        if (hash == feed.UrlHash || moves.Contains(hash) || await db.Set<Feed>().AnyAsync(f => f.UrlHash == hash, cancellationToken))
        {
            return;
        }

        moves.Add(hash);
        log.LogInformation("Feed {FeedId} moved for good from {From} to {To}", feed.Id, feed.Url, moved.AbsoluteUri);
        feed.Url = UrlHash.Normalise(moved.AbsoluteUri);
        feed.UrlHash = hash;
        feed.Host = moved.Host;
    }

    /// <summary>A successful check of a feed that did not change (a 304): its check times, its errors cleared.</summary>
    private sealed record FeedCheck(Feed Feed, DateTimeOffset Now, DateTimeOffset Next, bool Tracked);

    /// <summary>A successful fetch's check times, its errors cleared; the caller sets the next check.</summary>
    private static void Checked(Feed feed, DateTimeOffset now)
    {
        feed.CheckedAt = now;
        feed.FetchedAt = now;
        feed.ErrorKind = null;
        feed.ErrorStatus = null;
        feed.ErrorSince = null;
        feed.FailureCount = 0;
    }

    /// <summary>
    /// Writes the checks of the feeds that did not change: on PostgreSQL with one UPDATE from
    /// unnested arrays (the change tracker's statement per feed was, with reading the entries'
    /// dates, most of an all-304 pass); elsewhere through the tracked feeds and the next save.
    /// A feed that changed otherwise (its rhythm kept for the first time) goes with the save.
    /// </summary>
    private static async Task WriteChecksAsync(FlusioDbContext db, List<FeedCheck> checks, CancellationToken cancellationToken)
    {
        var bulk = new List<FeedCheck>(checks.Count);
        foreach (var check in checks)
        {
            if (db.Dialect.ArrayParameters && !check.Tracked)
            {
                bulk.Add(check);
            }
            else
            {
                Checked(check.Feed, check.Now);
                check.Feed.NextCheckAt = check.Next;
            }
        }

        if (bulk.Count == 0)
        {
            return;
        }

        var ids = bulk.Select(c => c.Feed.Id).ToArray();
        var nows = bulk.Select(c => c.Now.ToUniversalTime()).ToArray();
        var nexts = bulk.Select(c => c.Next.ToUniversalTime()).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE feeds AS f
            SET checked_at = v.checked_at, fetched_at = v.checked_at, next_check_at = v.next_check_at,
                error_kind = NULL, error_status = NULL, error_since = NULL, failure_count = 0
            FROM unnest({ids}, {nows}, {nexts}) AS v(id, checked_at, next_check_at)
            WHERE f.id = v.id
            """, cancellationToken);
    }

    private static void Fail(Feed feed, DateTimeOffset now, string error, int? status, DateTimeOffset? retryAfter)
    {
        feed.CheckedAt = now;
        feed.ErrorKind = error;
        feed.ErrorStatus = status;
        feed.ErrorSince ??= now;
        feed.FailureCount++;
        feed.Gone = error == FeedErrors.Gone;
        feed.NextCheckAt = RefreshSchedule.AfterFailure(now, feed.FailureCount, retryAfter, Random.Shared.NextDouble());
    }

    /// <summary>The publication dates of each feed's 20 newest entries, in one query.</summary>
    private static async Task<Dictionary<Guid, DateTimeOffset[]>> RecentDatesAsync(FlusioDbContext db, List<Guid> feedIds, CancellationToken cancellationToken)
    {
        List<FeedDate> rows;
        if (db.Dialect.LateralJoins)
        {
            // EF turns "the 20 newest of each" into a window over all of the feeds' links;
            // LATERAL reads 20 entries of the (feed_id, published_at) index per feed.
            var ids = feedIds.ToArray();
            rows = await db.Database.SqlQuery<FeedDate>($"""
                SELECT f.id AS feed_id, l.published_at
                FROM unnest({ids}) AS f(id)
                CROSS JOIN LATERAL (
                    SELECT published_at FROM links WHERE feed_id = f.id ORDER BY published_at DESC LIMIT 20
                ) AS l
                """).ToListAsync(cancellationToken);
        }
        else
        {
            // The uncorrelated filter keeps the window of ROW_NUMBER to these feeds' links.
            rows = await db.Set<Feed>()
                .Where(f => feedIds.Contains(f.Id))
                .SelectMany(
                    f => db.Set<Link>().Where(l => l.FeedId != null && feedIds.Contains(l.FeedId.Value) && l.FeedId == f.Id).OrderByDescending(l => l.PublishedAt).Take(20),
                    (f, l) => new FeedDate(f.Id, l.PublishedAt))
                .ToListAsync(cancellationToken);
        }

        return rows.GroupBy(r => r.FeedId).ToDictionary(g => g.Key, g => g.Select(r => r.PublishedAt).ToArray());
    }

    private sealed record FeedDate(Guid FeedId, DateTimeOffset PublishedAt);

    private static string? Text(string? text, int max) =>
        Flusio.Feeds.Text.PlainText.Collapse(text) is { Length: > 0 } clean ? Flusio.Feeds.Text.PlainText.Truncate(clean, max) : null;
}
