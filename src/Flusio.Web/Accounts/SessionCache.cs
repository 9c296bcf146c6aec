using System.Collections.Concurrent;

namespace Flusio.Web.Accounts;

/// <summary>
/// Sessions whose row was found in the last <see cref="Window"/>, so that most requests of a
/// signed-in browser skip the session query (it was the largest part of a page's cost in
/// bench/pages). Ending sessions in this process forgets them at once; another web process
/// of the instance refuses an ended session within <see cref="Window"/>.
/// </summary>
public sealed class SessionCache(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<Guid, (Guid UserId, DateTimeOffset CheckedAt)> found = new();

    public bool IsFresh(Guid userId, Guid sessionId) =>
        found.TryGetValue(sessionId, out var entry) && entry.UserId == userId && clock.GetUtcNow() - entry.CheckedAt < Window;

    public void Found(Guid userId, Guid sessionId)
    {
        var now = clock.GetUtcNow();
        found[sessionId] = (userId, now);
        if (found.Count > PruneAbove)
        {
            foreach (var (id, entry) in found)
            {
                if (now - entry.CheckedAt >= Window)
                {
                    found.TryRemove(id, out _);
                }
            }
        }
    }

    public void Forget(Guid sessionId) => found.TryRemove(sessionId, out _);

    public void ForgetUser(Guid userId)
    {
        foreach (var (id, entry) in found)
        {
            if (entry.UserId == userId)
            {
                found.TryRemove(id, out _);
            }
        }
    }
}
