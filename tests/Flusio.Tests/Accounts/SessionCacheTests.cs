using Flusio.Web.Accounts;
using Microsoft.Extensions.Time.Testing;

namespace Flusio.Tests.Accounts;

/// <summary>The sessions a web process found recently: trusted for a window, forgotten when ended here.</summary>
public sealed class SessionCacheTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_found_session_is_trusted_until_the_window_ends()
    {
        var cache = new SessionCache(clock);
        var (user, session) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.False(cache.IsFresh(user, session));

        cache.Found(user, session);
        clock.Advance(SessionCache.Window - TimeSpan.FromMilliseconds(1));
        Assert.True(cache.IsFresh(user, session));
        Assert.False(cache.IsFresh(Guid.NewGuid(), session)); // another user's cookie naming the same session

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.IsFresh(user, session));
    }

    [Fact]
    public void Ending_a_session_or_all_of_a_users_forgets_them_at_once()
    {
        var cache = new SessionCache(clock);
        var (alice, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var (phone, laptop, bobs) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        cache.Found(alice, phone);
        cache.Found(alice, laptop);
        cache.Found(bob, bobs);

        cache.Forget(phone);
        Assert.False(cache.IsFresh(alice, phone));
        Assert.True(cache.IsFresh(alice, laptop));

        cache.ForgetUser(alice);
        Assert.False(cache.IsFresh(alice, laptop));
        Assert.True(cache.IsFresh(bob, bobs));
    }
}
