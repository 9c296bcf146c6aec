using System.Text.Json;
using Flusio.Feeds.Discovery;
using Flusio.Feeds.Fetching;
using Flusio.Feeds.Text;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Flusio.Web.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Collections;

/// <summary>The arguments of a <c>link-metadata</c> job.</summary>
public sealed record LinkMetadataArguments(Guid LinkId, bool IgnoreCache = false);

/// <summary>How pages are read for links; the defaults are the production ones.</summary>
public sealed record LinkMetadataOptions
{
    /// <summary>The whole fetch of a page, redirects and body included.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Tries in all, the first included, when the failure is worth retrying.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles with each.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Reads a saved link's page and fills the link: title (unless the user set it), description,
/// illustration, language, reading time (unless the user set it) and the feeds it announces.
/// Every request goes through the engine's guarded fetcher. A timeout, 408, 429 or 5xx is tried
/// again later (<see cref="LinkMetadataOptions.FirstRetry"/>, doubling, at most
/// <see cref="LinkMetadataOptions.MaxAttempts"/> tries); any other failure is final. Either way
/// the reason is kept in <see cref="Link.MetadataError"/> as a stable key, a colon and detail.
/// </summary>
public sealed class LinkMetadata(
    FlusioDbContext db,
    IHttpFetcher fetcher,
    FetchGate gate,
    Illustrations illustrations,
    JobQueue jobs,
    TimeProvider clock,
    LinkMetadataOptions options)
{
    public const string JobName = "link-metadata";

    /// <summary>The error key of an answer that is not a web page (a PDF, an archive).</summary>
    public const string NotAPage = "NotAPage";

    /// <summary>The prefix of an illustration's failure, kept while the page itself was read.</summary>
    public const string IllustrationPrefix = "Illustration ";

    public const int MaxFeeds = 20;

    /// <summary>Puts a link's page to be read in the caller's unit of work: its state becomes Pending.</summary>
    public static void Enqueue(JobQueue jobs, Link link, bool ignoreCache, DateTimeOffset? runAt = null)
    {
        link.MetadataState = LinkMetadataState.Pending;
        jobs.Enqueue(JobName, new LinkMetadataArguments(link.Id, ignoreCache), new JobOptions { RunAt = runAt });
    }

    /// <summary>Reads the page of the user's link <paramref name="linkId"/>; its state after, or null when there is no such link.</summary>
    public async Task<LinkMetadataState?> ReadAsync(Guid linkId, bool ignoreCache, CancellationToken cancellationToken)
    {
        var link = await db.Set<Link>().FirstOrDefaultAsync(l => l.Id == linkId && l.UserId != null, cancellationToken);
        if (link is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        link.MetadataFetchedAt = now;
        try
        {
            var result = await FetchPageAsync(new Uri(link.Url), ignoreCache, cancellationToken);
            await ApplyAsync(link, result, cancellationToken);
        }
        catch (FetchException e)
        {
            Fail(link, $"{e.Kind}: {e.Detail}", IsRetryable(e) ? e.RetryAfter : null, IsRetryable(e), ignoreCache, now);
        }
        catch (UriFormatException e)
        {
            Fail(link, $"{FetchErrorKind.InvalidUrl}: {e.Message}", null, retryable: false, ignoreCache, now);
        }

        // The user may have set the title or the reading time while the page was being read.
        var edited = await db.Set<Link>().AsNoTracking().Where(l => l.Id == linkId)
            .Select(l => new { l.TitleEdited, l.ReadingMinutesEdited }).SingleAsync(cancellationToken);
        if (edited.TitleEdited)
        {
            db.Entry(link).Property(l => l.Title).IsModified = false;
        }

        if (edited.ReadingMinutesEdited)
        {
            db.Entry(link).Property(l => l.ReadingMinutes).IsModified = false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return link.MetadataState;
    }

    /// <summary>Only a timeout, 408, 429 and 5xx may pass: anything else will fail again.</summary>
    public static bool IsRetryable(FetchException e) => e.Kind == FetchErrorKind.Timeout
        || (e.Kind == FetchErrorKind.HttpStatus && e.StatusCode is 408 or 429 or >= 500 and <= 599);

    /// <summary>The wait before try number <paramref name="attempt"/> + 1.</summary>
    public TimeSpan Backoff(int attempt) => options.FirstRetry * Math.Pow(2, Math.Max(0, attempt - 1));

    private async Task<FetchResult> FetchPageAsync(Uri url, bool ignoreCache, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PageTimeout);
        try
        {
            return await gate.RunAsync(url.Host, () => fetcher.FetchAsync(url, FetchRequest.Page with { IgnoreCache = ignoreCache }, timeout.Token), timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FetchException(FetchErrorKind.Timeout, $"no complete answer within {options.PageTimeout}", e);
        }
    }

    private async Task ApplyAsync(Link link, FetchResult result, CancellationToken cancellationToken)
    {
        string? illustrationError = null;
        if (result.NotModified)
        {
            // Nothing changed since the last read.
        }
        else if (result.MediaType is { } image && image.StartsWith("image/", StringComparison.Ordinal))
        {
            // The link is an image: it illustrates itself.
            var made = await illustrations.FromBytesAsync(result.Body, cancellationToken);
            link.IllustrationPath = made.Path ?? link.IllustrationPath;
            illustrationError = made.Error;
        }
        else if (result.MediaType is null or "text/html" or "application/xhtml+xml")
        {
            var page = PageMetadataExtractor.Extract(BodyText.DecodeHtml(result.Body, result.Charset), result.FinalUrl);
            if (!link.TitleEdited && PlainText.Collapse(page.Title) is { Length: > 0 } title)
            {
                link.Title = PlainText.Truncate(title, 500);
            }

            link.Description = PlainText.Collapse(page.Description) is { Length: > 0 } description ? PlainText.Truncate(description, Link.MaxDescriptionLength) : null;
            link.Language = page.Language is { Length: > 0 and <= 35 } language ? language : null;
            if (!link.ReadingMinutesEdited)
            {
                link.ReadingMinutes = page.ReadingTimeMinutes;
            }

            var feeds = page.Feeds.Take(MaxFeeds).Select(f => new PageFeed(f.Url.AbsoluteUri, PlainText.Collapse(f.Title))).ToList();
            link.PageFeeds = feeds.Count == 0 ? null : JsonSerializer.Serialize(feeds, JobQueue.Json);
            if (page.Illustration is { } illustration)
            {
                var made = await illustrations.FromUrlAsync(illustration, cancellationToken);
                link.IllustrationPath = made.Path ?? link.IllustrationPath;
                illustrationError = made.Error;
            }
        }
        else
        {
            Fail(link, $"{NotAPage}: {result.MediaType}", null, retryable: false, ignoreCache: false, clock.GetUtcNow());
            return;
        }

        link.MetadataState = LinkMetadataState.Fetched;
        link.MetadataAttempts = 0;
        link.MetadataError = illustrationError is null ? null : Truncate(IllustrationPrefix + illustrationError);
    }

    private void Fail(Link link, string error, DateTimeOffset? retryAfter, bool retryable, bool ignoreCache, DateTimeOffset now)
    {
        link.MetadataAttempts++;
        link.MetadataError = Truncate(error);
        if (retryable && link.MetadataAttempts < options.MaxAttempts)
        {
            var at = now + Backoff(link.MetadataAttempts);
            if (retryAfter is { } asked && asked > at)
            {
                at = asked < now.AddDays(1) ? asked : now.AddDays(1);
            }

            Enqueue(jobs, link, ignoreCache, at);
            return;
        }

        link.MetadataState = LinkMetadataState.Failed;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    /// <summary>The feeds a link's page announced.</summary>
    public static IReadOnlyList<PageFeed> FeedsOf(Link link)
    {
        if (string.IsNullOrEmpty(link.PageFeeds))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<PageFeed>>(link.PageFeeds, JobQueue.Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A stored failure, in the reader's language.</summary>
    public static string? Describe(string? error, IStringLocalizer t)
    {
        if (string.IsNullOrEmpty(error))
        {
            return null;
        }

        var illustration = error.StartsWith(IllustrationPrefix, StringComparison.Ordinal);
        var rest = illustration ? error[IllustrationPrefix.Length..] : error;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var key = colon < 0 ? rest : rest[..colon];
        var detail = colon < 0 ? "" : rest[(colon + 1)..].Trim();
        if (illustration)
        {
            return key switch
            {
                Illustrations.NotAnImage => t["The page's image could not be used: it is not an image."],
                Illustrations.TooManyPixels => t["The page's image could not be used: it has too many pixels."],
                nameof(FetchErrorKind.TooLarge) => t["The page's image could not be used: it is too large."],
                _ => t["The page's image could not be downloaded."],
            };
        }

        return key switch
        {
            NotAPage => t["This address is not a web page ({0}): there is nothing more to read from it.", detail],
            nameof(FetchErrorKind.Dns) => t["The site's name could not be found."],
            nameof(FetchErrorKind.RefusedAddress) => t["The address points to a private network, which this instance does not fetch."],
            nameof(FetchErrorKind.Connection) => t["The site's server could not be reached."],
            nameof(FetchErrorKind.Tls) => t["The site's secure connection failed."],
            nameof(FetchErrorKind.Timeout) => t["The site's server took too long to answer."],
            nameof(FetchErrorKind.TooLarge) => t["The page is too large to be read."],
            nameof(FetchErrorKind.TooManyRedirects) or nameof(FetchErrorKind.RedirectLoop) => t["The address redirects too many times."],
            nameof(FetchErrorKind.HttpStatus) => t["The site's server answered with an error ({0}).", detail],
            nameof(FetchErrorKind.InvalidUrl) or nameof(FetchErrorKind.UnsupportedScheme) => t["The address is not valid."],
            nameof(FetchErrorKind.InvalidResponse) => t["The site's server gave an answer that could not be read."],
            _ => t["The page could not be read."],
        };
    }
}

/// <summary>The <c>link-metadata</c> job: reads one link's page.</summary>
public sealed class LinkMetadataJob(LinkMetadata metadata) : IJobHandler
{
    public async Task RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var arguments = run.Arguments<LinkMetadataArguments>();
        await metadata.ReadAsync(arguments.LinkId, arguments.IgnoreCache, cancellationToken);
    }
}
