using System.ComponentModel;
using Flusio.Web.Links;
using Flusio.Web.Reading;

namespace Flusio.Web.Api;

// The API's bodies: plain records, camelCase in JSON. Enumerations are strings.

/// <summary>A page of a list; <c>next</c> is the cursor of the following page, null on the last.</summary>
public sealed record Page<T>(
    [property: Description("The items of this page, in the list's order.")] IReadOnlyList<T> Items,
    [property: Description("Pass it as `cursor` for the next page; null on the last page.")] string? Next);

/// <summary>A link in a list.</summary>
public sealed record LinkSummary(Guid Id, string Url, string Title, DateTimeOffset PublishedAt,
    [property: Description("When it entered this list (saved, added to the collection, picked for News).")] DateTimeOffset ListedAt,
    [property: Description("The feed or collection it came from, if any.")] string? Source)
{
    public static LinkSummary Of(LinkItem item) => new(item.Id, item.Url, item.Title, item.PublishedAt, item.ListedAt, item.SourceTitle);
}

/// <summary>One of the caller's links, as read from its page.</summary>
public sealed record LinkDetails(
    Guid Id,
    string Url,
    string Title,
    [property: Description("Plain text, at most 1,000 characters.")] string? Description,
    int? ReadingMinutes,
    [property: Description("Hidden links never show to others, even in public collections.")] bool Hidden,
    [property: Description("A path of this instance (/media/…), never a remote address.")] string? IllustrationUrl,
    string? Language,
    [property: Description("pending (its page is being read), fetched or failed.")] string MetadataState,
    DateTimeOffset CreatedAt,
    DateTimeOffset PublishedAt,
    [property: Description("The caller's collections that hold it.")] IReadOnlyList<Guid> CollectionIds)
{
    public static LinkDetails Of(Link link, IReadOnlyList<Guid> collections) => new(
        link.Id, link.Url, link.Title, link.Description, link.ReadingMinutes, link.IsHidden,
        link.IllustrationPath is { } path ? "/media/" + path : null, link.Language,
        (link.MetadataState ?? LinkMetadataState.Fetched).ToString().ToLowerInvariant(), link.CreatedAt, link.PublishedAt, collections);
}

/// <summary>A link to save by its address. Saving an address already saved finds that link.</summary>
public sealed class NewLinkBody
{
    [Description("An http or https address, at most 2,048 characters.")]
    public string? Url { get; set; }

    [Description("Collections of the caller's to put it in.")]
    public List<Guid>? CollectionIds { get; set; }

    [Description("Keep it out of everything others see.")]
    public bool Hidden { get; set; }

    [Description("A note in Markdown, at most 10,000 characters.")]
    public string? Note { get; set; }
}

/// <summary>What to change of a link: only the fields given.</summary>
public sealed class LinkChangeBody
{
    [Description("At most 500 characters; kept when its page is read again.")]
    public string? Title { get; set; }

    public bool? Hidden { get; set; }

    [Description("0 to 10,000; kept when its page is read again.")]
    public int? ReadingMinutes { get; set; }
}

/// <summary>One of the caller's collections in a list.</summary>
public sealed record CollectionItem(Guid Id, string Name, bool IsPublic, int LinkCount, [property: Description("The name of its group, if any.")] string? Group);

/// <summary>One of the caller's collections.</summary>
public sealed record CollectionDetails(Guid Id, string Name, [property: Description("Markdown source.")] string? Description, bool IsPublic, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt);

/// <summary>A new collection.</summary>
public sealed class NewCollectionBody
{
    [Description("1 to 100 characters.")]
    public string? Name { get; set; }

    [Description("Markdown, at most 10,000 characters.")]
    public string? Description { get; set; }

    [Description("Visible to anyone, anonymous visitors included. Private by default.")]
    public bool IsPublic { get; set; }
}

/// <summary>What to change of a collection: only the fields given.</summary>
public sealed class CollectionChangeBody
{
    [Description("1 to 100 characters.")]
    public string? Name { get; set; }

    [Description("Markdown, at most 10,000 characters; an empty string removes it.")]
    public string? Description { get; set; }

    public bool? IsPublic { get; set; }
}

/// <summary>A followed feed.</summary>
public sealed record FollowItem(Guid FeedId, string Title, string Url, string? SiteUrl,
    [property: Description("strict (the last day), normal (the last week) or all (everything since the follow): what News takes from it.")] string TimeFilter,
    string? Group, DateTimeOffset? FetchedAt,
    [property: Description("Why the last fetch failed, if it did.")] string? Error);

/// <summary>A feed to follow, by the address of the feed itself.</summary>
public sealed class NewFollowBody
{
    [Description("The feed's http(s) address; \"example.org/feed\" means https://example.org/feed.")]
    public string? Url { get; set; }
}

/// <summary>What filling News did.</summary>
public sealed record NewsFill([property: Description("How many links were added to News (it holds at most 50).")] int Added);
