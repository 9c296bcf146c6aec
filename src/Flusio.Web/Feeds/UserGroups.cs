using Flusio.Web.Data;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Feeds;

/// <summary>What is wrong with a group's name, translated by the page.</summary>
public enum GroupError
{
    NameMissing,
    NameTooLong,
    NameTaken,
}

/// <summary>One of the user's groups, with how many of their collections and follows it holds.</summary>
public sealed record GroupSummary(Guid Id, string Name, int Collections, int Follows);

/// <summary>
/// The user's groups: the folders their collections, feed follows and collection follows are
/// listed under. Create, rename, delete; deleting a group keeps what it held, in no group
/// (the foreign keys set it to null). Every method touches only the acting user's groups.
/// </summary>
public sealed class UserGroups(FlusioDbContext db, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    private IQueryable<Group> Own(Guid userId) => db.Set<Group>().Where(g => g.UserId == userId);

    /// <summary>The user's groups, by name, with their counts.</summary>
    public async Task<List<GroupSummary>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var found = await Own(userId)
            .Select(g => new GroupSummary(g.Id, g.Name,
                db.Set<Collection>().Count(c => c.GroupId == g.Id),
                db.Set<FeedFollow>().Count(f => f.GroupId == g.Id) + db.Set<CollectionFollow>().Count(f => f.GroupId == g.Id)))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        // Ordered here: the providers' collations would order names differently.
        return [.. found.OrderBy(g => g.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Id)];
    }

    public Task<Group?> FindOwnAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        Own(userId).AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);

    /// <summary>Creates a group, or says what is wrong with its name (nothing is written then).</summary>
    public async Task<(Guid? Id, GroupError? Error)> CreateAsync(Guid userId, string? name, CancellationToken cancellationToken)
    {
        var trimmed = Clean(name);
        if (await CheckAsync(userId, null, trimmed, cancellationToken) is { } error)
        {
            return (null, error);
        }

        var group = new Group { Id = Guid.CreateVersion7(clock.GetUtcNow()), UserId = userId, Name = trimmed };
        db.Add(group);
        if (!await SavedAsync(cancellationToken))
        {
            return (null, GroupError.NameTaken);
        }

        return (group.Id, null);
    }

    /// <summary>Renames a group of the user's: false when it is not theirs, else the name's error or none.</summary>
    public async Task<(bool Found, GroupError? Error)> RenameAsync(Guid userId, Guid id, string? name, CancellationToken cancellationToken)
    {
        var group = await Own(userId).FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return (false, null);
        }

        var trimmed = Clean(name);
        if (await CheckAsync(userId, id, trimmed, cancellationToken) is { } error)
        {
            return (true, error);
        }

        group.Name = trimmed;
        return (true, await SavedAsync(cancellationToken) ? null : GroupError.NameTaken);
    }

    /// <summary>Deletes a group of the user's; its collections and follows stay, in no group. False when it is not theirs.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        await Own(userId).Where(g => g.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    private static string Clean(string? name) => Flusio.Feeds.Text.PlainText.Collapse(name) ?? "";

    private async Task<GroupError?> CheckAsync(Guid userId, Guid? id, string name, CancellationToken cancellationToken) =>
        name.Length == 0 ? GroupError.NameMissing
        : name.Length > MaxNameLength ? GroupError.NameTooLong
        : await Own(userId).AnyAsync(g => g.Name == name && g.Id != id, cancellationToken) ? GroupError.NameTaken
        : null;

    /// <summary>Saves; false when a parallel request took the name first (the unique index on user and name).</summary>
    private async Task<bool> SavedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
