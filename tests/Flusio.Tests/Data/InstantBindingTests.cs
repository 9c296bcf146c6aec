using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Tests.Data;

/// <summary>
/// EF converts instants in LINQ but not in raw SQL: hand-written SQL binds them through
/// the dialect, and then compares exactly as LINQ does, on both providers.
/// </summary>
public sealed class InstantBindingTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_raw_query_bound_with_the_dialect_selects_exactly_the_rows_at_or_before_an_instant(Db db)
    {
        await using var host = new ServiceHost(db);
        var user = await host.CreateUserAsync();
        var now = ServiceHost.Start.AddMinutes(30);
        var before = Guid.CreateVersion7();
        var exactly = Guid.CreateVersion7();
        var after = Guid.CreateVersion7();
        await host.WithDbAsync(async d =>
        {
            d.AddRange(
                Session(before, user.Id, now.AddMilliseconds(-1)),
                Session(exactly, user.Id, now),
                Session(after, user.Id, now.AddMilliseconds(1)));
            return await d.SaveChangesAsync();
        });

        var raw = await host.WithDbAsync(d => d.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM user_sessions WHERE user_id = {user.Id} AND last_seen_at <= {d.Dialect.Instant(now)}")
            .ToListAsync());
        var linq = await host.WithDbAsync(d => d.Set<UserSession>()
            .Where(s => s.UserId == user.Id && s.LastSeenAt <= now).Select(s => s.Id).ToListAsync());

        Assert.Equal(new[] { before, exactly }.Order(), raw.Order());
        Assert.Equal(raw.Order(), linq.Order());
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Instants_come_back_as_utc_to_the_millisecond(Db db)
    {
        await using var host = new ServiceHost(db);
        var user = await host.CreateUserAsync();
        var instant = new DateTimeOffset(2026, 7, 14, 23, 59, 58, 123, TimeSpan.FromHours(2));
        var id = Guid.CreateVersion7();
        await host.WithDbAsync(async d =>
        {
            d.Add(Session(id, user.Id, instant.ToUniversalTime()));
            return await d.SaveChangesAsync();
        });

        var stored = await host.WithDbAsync(d => d.Set<UserSession>().Where(s => s.Id == id).Select(s => s.LastSeenAt).SingleAsync());
        Assert.Equal(instant, stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
    }

    private static UserSession Session(Guid id, Guid userId, DateTimeOffset lastSeen) => new()
    {
        Id = id,
        UserId = userId,
        CreatedAt = lastSeen,
        LastSeenAt = lastSeen,
        Device = "test",
        MaskedIp = "",
    };
}
