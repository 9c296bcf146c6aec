using Flusio.Web.Links;

namespace Flusio.Web.Collections;

/// <summary>What is wrong with a collection's name or description, translated by the page.</summary>
public enum CollectionError
{
    NameMissing,
    NameTooLong,
    DescriptionTooLong,
    UnknownTopic,
    UnknownGroup,
}

/// <summary>A collection as the user types it.</summary>
public sealed record CollectionInput(string? Name, string? Description, bool IsPublic)
{
    /// <summary>The topics to tag it with, all of them replacing the current ones; null leaves them as they are.</summary>
    public IReadOnlyCollection<Guid>? TopicIds { get; init; }

    /// <summary>One of the owner's groups, or none.</summary>
    public Guid? GroupId { get; init; }

    public string TrimmedName => Name?.Trim() ?? "";

    public string? TrimmedDescription => string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();

    /// <summary>The first thing wrong with it, or null.</summary>
    public CollectionError? Check() => TrimmedName.Length switch
    {
        0 => CollectionError.NameMissing,
        > Collection.MaxNameLength => CollectionError.NameTooLong,
        _ => TrimmedDescription?.Length > Collection.MaxDescriptionLength ? CollectionError.DescriptionTooLong : null,
    };
}

/// <summary>One of the user's collections in a list of them.</summary>
public sealed record CollectionSummary(Guid Id, string Name, bool IsPublic, int LinkCount)
{
    /// <summary>The name of its group, for the owner; its owner's name, for a shared collection.</summary>
    public string? Group { get; init; }

    public string? OwnerName { get; init; }

    public bool CanWrite { get; init; }
}

/// <summary>One of the user's collections, and whether a given link is in it.</summary>
public sealed record CollectionMembership(Guid Id, string Name, bool Contains);
