using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Topics;

/// <summary>What is wrong with a topic's label.</summary>
public enum TopicError
{
    LabelMissing,
    LabelTooLong,
    LabelTaken,
    NotFound,
}

/// <summary>A topic and how many collections are tagged with it (public or not).</summary>
public sealed record TopicSummary(Guid Id, string Label, int CollectionCount);

/// <summary>
/// The instance's topics: create, rename, delete, list, and the topics of a collection.
/// Labels are unique whatever their case. Called by the `flusio topics` verbs and the
/// collection's form; it never decides who may tag what (the collection's owner does).
/// </summary>
public sealed class TopicStore(FlusioDbContext db, TimeProvider clock)
{
    /// <summary>Every topic, by label.</summary>
    public async Task<List<TopicSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var found = await db.Set<Topic>().AsNoTracking()
            .Select(t => new TopicSummary(t.Id, t.Label, db.Set<CollectionTopic>().Count(e => e.TopicId == t.Id)))
            .ToListAsync(cancellationToken);
        return [.. found.OrderBy(t => t.Label, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.Id)];
    }

    /// <summary>The topic whose id or label (any case) is <paramref name="idOrLabel"/>, or null.</summary>
    public async Task<Topic?> FindAsync(string idOrLabel, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrLabel, out var id) && await db.Set<Topic>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } byId)
        {
            return byId;
        }

        var normalized = Topic.Normalize(idOrLabel);
        return await db.Set<Topic>().FirstOrDefaultAsync(t => t.NormalizedLabel == normalized, cancellationToken);
    }

    public async Task<(Topic? Topic, TopicError? Error)> CreateAsync(string? label, CancellationToken cancellationToken)
    {
        var trimmed = label?.Trim() ?? "";
        if (await CheckAsync(trimmed, null, cancellationToken) is { } error)
        {
            return (null, error);
        }

        var topic = new Topic { Id = Guid.CreateVersion7(clock.GetUtcNow()), Label = trimmed, NormalizedLabel = Topic.Normalize(trimmed), CreatedAt = clock.GetUtcNow() };
        db.Add(topic);
        return await SaveAsync(topic, cancellationToken);
    }

    public async Task<(Topic? Topic, TopicError? Error)> RenameAsync(string idOrLabel, string? label, CancellationToken cancellationToken)
    {
        var topic = await FindAsync(idOrLabel, cancellationToken);
        if (topic is null)
        {
            return (null, TopicError.NotFound);
        }

        var trimmed = label?.Trim() ?? "";
        if (await CheckAsync(trimmed, topic.Id, cancellationToken) is { } error)
        {
            return (null, error);
        }

        topic.Label = trimmed;
        topic.NormalizedLabel = Topic.Normalize(trimmed);
        return await SaveAsync(topic, cancellationToken);
    }

    /// <summary>Deletes a topic (collections lose the tag, nothing else); null when there is none.</summary>
    public async Task<Topic?> DeleteAsync(string idOrLabel, CancellationToken cancellationToken)
    {
        var topic = await FindAsync(idOrLabel, cancellationToken);
        if (topic is not null)
        {
            await db.Set<Topic>().Where(t => t.Id == topic.Id).ExecuteDeleteAsync(cancellationToken);
        }

        return topic;
    }

    /// <summary>The ids of the topics a collection is tagged with.</summary>
    public Task<List<Guid>> OfCollectionAsync(Guid collectionId, CancellationToken cancellationToken) =>
        db.Set<CollectionTopic>().Where(e => e.CollectionId == collectionId).Select(e => e.TopicId).ToListAsync(cancellationToken);

    /// <summary>
    /// Replaces a collection's topics with <paramref name="topicIds"/> in the caller's unit of
    /// work (saved with its changes); false, with nothing changed, when one is not a topic.
    /// </summary>
    public async Task<bool> StageTopicsAsync(Guid collectionId, IReadOnlyCollection<Guid> topicIds, CancellationToken cancellationToken)
    {
        var wanted = topicIds.Distinct().ToList();
        if (wanted.Count > 0 && await db.Set<Topic>().CountAsync(t => wanted.Contains(t.Id), cancellationToken) != wanted.Count)
        {
            return false;
        }

        var current = await db.Set<CollectionTopic>().Where(e => e.CollectionId == collectionId).ToListAsync(cancellationToken);
        db.RemoveRange(current.Where(e => !wanted.Contains(e.TopicId)));
        foreach (var id in wanted.Except(current.Select(e => e.TopicId)))
        {
            db.Add(new CollectionTopic { CollectionId = collectionId, TopicId = id });
        }

        return true;
    }

    private async Task<TopicError?> CheckAsync(string label, Guid? self, CancellationToken cancellationToken)
    {
        if (label.Length == 0)
        {
            return TopicError.LabelMissing;
        }

        if (label.Length > Topic.MaxLabelLength)
        {
            return TopicError.LabelTooLong;
        }

        var normalized = Topic.Normalize(label);
        return await db.Set<Topic>().AnyAsync(t => t.NormalizedLabel == normalized && t.Id != self, cancellationToken) ? TopicError.LabelTaken : null;
    }

    private async Task<(Topic? Topic, TopicError? Error)> SaveAsync(Topic topic, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (topic, null);
        }
        catch (DbUpdateException)
        {
            // The same label written by a parallel command: the unique index decides.
            db.ChangeTracker.Clear();
            return (null, TopicError.LabelTaken);
        }
    }
}

public static class TopicsServices
{
    public static IServiceCollection AddTopics(this IServiceCollection services) => services.AddScoped<TopicStore>();
}
