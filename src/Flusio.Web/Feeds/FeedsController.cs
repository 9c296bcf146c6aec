using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Feeds;

/// <summary>The follows page: the feeds and the collections the user follows.</summary>
public sealed record FollowsPage(IReadOnlyList<FollowedFeed> Feeds, IReadOnlyList<FollowedCollection> Collections);

public sealed record ImportPage(OpmlImport? Latest, string? Error);

public sealed record NewFeedForm(string? Url, IReadOnlyList<Flusio.Feeds.Discovery.FeedCandidate> Candidates, string? Error);

/// <summary>The feeds a user follows, and following a new one from a feed or site address.</summary>
[Authorize]
public sealed class FeedsController(Following following, OpmlImporter importer, TimeProvider clock) : FlusioController
{
    [HttpGet("/feeds")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        return View(new FollowsPage(
            await following.ListAsync(userId, errorsOnly: false, cancellationToken),
            await following.ListCollectionsAsync(userId, cancellationToken)));
    }

    [HttpGet("/feeds/new")]
    public IActionResult New(string? url) => View(new NewFeedForm(url, [], null));

    /// <summary>A feed address is followed at once; a site's feeds are offered to choose from when it has several.</summary>
    [HttpPost("/feeds/new")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Discover(string? url, CancellationToken cancellationToken)
    {
        var found = await following.DiscoverAsync(url, cancellationToken);
        if (found.Candidates.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            var error = found.ErrorKey switch
            {
                Discovery.InvalidAddress => T["Enter a web address, like https://example.org/feed.xml or example.org."],
                Discovery.NoFeed => T["No feed was found at this address. Try the address of the feed itself."],
                _ => FeedErrors.Describe(found.ErrorKey!, found.ErrorStatus, T),
            };
            return View("New", new NewFeedForm(url, [], error));
        }

        if (found.Candidates.Count == 1)
        {
            return await FollowAsync(found.Candidates[0].Url, cancellationToken);
        }

        return View("New", new NewFeedForm(url, found.Candidates, null));
    }

    [HttpPost("/feeds/follow")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Follow(string? feedUrl, CancellationToken cancellationToken) =>
        Following.ParseAddress(feedUrl) is { } url
            ? await FollowAsync(url, cancellationToken)
            : View("New", new NewFeedForm(feedUrl, [], T["Enter a web address, like https://example.org/feed.xml or example.org."]));

    private async Task<IActionResult> FollowAsync(Uri feedUrl, CancellationToken cancellationToken)
    {
        var id = await following.FollowAsync(User.UserId()!.Value, feedUrl, cancellationToken);
        Flash(T["You follow this feed. Its entries appear here as soon as it is fetched."]);
        return LocalRedirect($"/feeds/{id}");
    }

    /// <summary>The user's follows as OPML, to take elsewhere.</summary>
    [HttpGet("/feeds/opml")]
    public async Task<IActionResult> Export(CancellationToken cancellationToken)
    {
        var follows = await following.ListAsync(User.UserId()!.Value, errorsOnly: false, cancellationToken);
        var opml = Opml.Write($"{User.Identity!.Name} on Flusio", follows, clock.GetUtcNow());
        return File(System.Text.Encoding.UTF8.GetBytes(opml), "text/x-opml; charset=utf-8", "flusio-feeds.opml");
    }

    [HttpGet("/feeds/import")]
    public async Task<IActionResult> Import(CancellationToken cancellationToken) =>
        View(new ImportPage(await importer.LatestAsync(User.UserId()!.Value, cancellationToken), null));

    /// <summary>An OPML file is read and checked here, before anything is written; the follows are made by a job.</summary>
    [HttpPost("/feeds/import")]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(Opml.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = Opml.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> StartImport(IFormFile? opml, CancellationToken cancellationToken)
    {
        string? error = null;
        IReadOnlyList<OpmlFeed> feeds = [];
        if (opml is null || opml.Length == 0)
        {
            error = T["Choose an OPML file to import."];
        }
        else if (opml.Length > Opml.MaxBytes)
        {
            error = T["This file is too large: an OPML file of at most {0} MB is imported.", Opml.MaxBytes / 1024 / 1024];
        }
        else
        {
            try
            {
                await using var input = opml.OpenReadStream();
                feeds = Opml.Read(input);
                if (feeds.Count == 0)
                {
                    error = T["This OPML file lists no feed."];
                }
            }
            catch (OpmlException)
            {
                error = T["This file is not a valid OPML file: export your feeds again from your previous reader and import that file."];
            }
        }

        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Import", new ImportPage(await importer.LatestAsync(User.UserId()!.Value, cancellationToken), error));
        }

        var id = await importer.QueueAsync(User.UserId()!.Value, feeds, cancellationToken);
        return LocalRedirect($"/feeds/import/{id}");
    }

    [HttpGet("/feeds/import/{id:guid}")]
    public async Task<IActionResult> ImportProgress(Guid id, CancellationToken cancellationToken) =>
        await importer.FindAsync(User.UserId()!.Value, id, cancellationToken) is { } import ? View(import) : NotFound();

    [HttpPost("/feeds/{id:guid}/unfollow")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Unfollow(Guid id, CancellationToken cancellationToken)
    {
        if (!await following.UnfollowAsync(User.UserId()!.Value, id, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["You no longer follow this feed."]);
        return LocalRedirect("/feeds");
    }

    [HttpPost("/feeds/{id:guid}/settings")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Settings(Guid id, TimeFilter timeFilter, string? group, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(timeFilter) || !await following.UpdateAsync(User.UserId()!.Value, id, timeFilter, group, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["Saved."]);
        return LocalRedirect($"/feeds/{id}");
    }
}
