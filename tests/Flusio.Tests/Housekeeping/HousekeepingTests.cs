using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Clean = Flusio.Web.Housekeeping.Housekeeping;

namespace Flusio.Tests.Housekeeping;

/// <summary>The daily clean-up removes exactly what has outlived its use, and nothing a day younger.</summary>
public sealed class HousekeepingTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task It_removes_what_has_expired_and_keeps_the_rest(Db db)
    {
        await using var app = new FlusioApp(db, new Dictionary<string, string?> { ["UNVALIDATED_ACCOUNT_DAYS"] = "10", ["WORKER_IN_PROCESS"] = "false" });
        var now = DateTimeOffset.UtcNow;
        var admin = await app.CreateUserAsync(admin: true);
        var staleUnvalidated = await app.CreateUserAsync(validated: false);
        var freshUnvalidated = await app.CreateUserAsync(validated: false);
        var oldValidated = await app.CreateUserAsync();

        var ids = await app.WithDbAsync(async d =>
        {
            await d.Set<User>().Where(u => u.Id == staleUnvalidated.Id || u.Id == oldValidated.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, now.AddDays(-11)));
            await d.Set<User>().Where(u => u.Id == freshUnvalidated.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, now.AddDays(-9)));
            var staleSession = Session(admin.Id, now.AddDays(-31));
            var liveSession = Session(admin.Id, now.AddDays(-29));
            var expired = Invitation(admin.Id, now.AddDays(-31), used: false);
            var recentlyExpired = Invitation(admin.Id, now.AddDays(-2), used: false);
            var usedLongAgo = Invitation(admin.Id, now.AddDays(-300), used: true);
            d.AddRange(staleSession, liveSession, expired, recentlyExpired, usedLongAgo);
            d.Add(new LoginFailureCount { Key = "old-counter", Failures = 3, WindowStart = now.AddDays(-2) });
            d.Add(new LoginFailureCount { Key = "still-locked", Failures = 9, WindowStart = now.AddDays(-2), LockedUntil = now.AddHours(1) });
            d.Add(new LoginFailureCount { Key = "today", Failures = 1, WindowStart = now.AddMinutes(-5) });

            var orphan = NewFeed("orphan", now.AddDays(-3));
            var followed = NewFeed("followed", now.AddDays(-3));
            var justUnfollowed = NewFeed("new", now.AddHours(-2));
            d.AddRange(orphan, followed, justUnfollowed);
            d.Add(new FeedFollow { UserId = oldValidated.Id, FeedId = followed.Id, CreatedAt = now });
            d.Add(new Link { Id = Guid.CreateVersion7(), FeedId = orphan.Id, EntryKey = "e1", Url = "https://orphan.example/1", UrlHash = UrlHash.Of("https://orphan.example/1"), Title = "Entry", PublishedAt = now, CreatedAt = now });

            d.Add(new OpmlImport { Id = Guid.CreateVersion7(), UserId = oldValidated.Id, Status = ImportStatus.Done, CreatedAt = now.AddDays(-40), FinishedAt = now.AddDays(-40) });
            d.Add(new OpmlImport { Id = Guid.CreateVersion7(), UserId = oldValidated.Id, Status = ImportStatus.Done, CreatedAt = now.AddDays(-1), FinishedAt = now.AddDays(-1) });
            d.Add(new Job { Name = "old-failure", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now.AddDays(-31), LastError = "x", CreatedAt = now.AddDays(-31) });
            d.Add(new Job { Name = "recent-failure", Arguments = "{}", RunAt = now, Attempts = 8, MaxAttempts = 8, FailedAt = now.AddDays(-1), LastError = "x", CreatedAt = now.AddDays(-1) });
            // A token expired a month ago goes; one expired yesterday (still listed for its owner) and one without expiry stay.
            d.Add(Token(admin.Id, "long expired", now.AddDays(-31)));
            d.Add(Token(admin.Id, "just expired", now.AddDays(-1)));
            d.Add(Token(admin.Id, "no expiry", null));
            await d.SaveChangesAsync();
            return (staleSession: staleSession.Id, orphan: orphan.Id, followed: followed.Id, justUnfollowed: justUnfollowed.Id);
        });

        var report = await app.WithScopeAsync(sp => sp.GetRequiredService<Clean>().CleanAsync());
        Assert.Equal("sessions=1 invitations=1 login_counters=1 accounts=1 feeds=1 imports=1 jobs=1 tokens=1 media=0", report.ToString());

        await app.WithDbAsync(async d =>
        {
            var users = await d.Set<User>().Select(u => u.Id).ToListAsync();
            Assert.DoesNotContain(staleUnvalidated.Id, users);
            Assert.Contains(freshUnvalidated.Id, users);
            Assert.Contains(oldValidated.Id, users);
            Assert.False(await d.Set<UserSession>().AnyAsync(s => s.Id == ids.staleSession));
            Assert.Equal(1, await d.Set<UserSession>().CountAsync());
            Assert.Equal(2, await d.Set<Invitation>().CountAsync());
            Assert.Equal(["still-locked", "today"], (await d.Set<LoginFailureCount>().Select(c => c.Key).ToListAsync()).Order(StringComparer.Ordinal));
            var feeds = await d.Set<Feed>().Select(f => f.Id).ToListAsync();
            Assert.Equal(new[] { ids.followed, ids.justUnfollowed }.Order(), feeds.Order());
            Assert.False(await d.Set<Link>().AnyAsync(l => l.FeedId == ids.orphan));
            Assert.Equal(1, await d.Set<OpmlImport>().CountAsync());
            Assert.Equal(["just expired", "no expiry"], (await d.Set<ApiToken>().Select(t => t.Name).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(["recent-failure"], await d.Set<Job>().Where(j => j.FailedAt != null).Select(j => j.Name).ToListAsync());
            return 0;
        });

        // A second run finds nothing more.
        Assert.Equal("sessions=0 invitations=0 login_counters=0 accounts=0 feeds=0 imports=0 jobs=0 tokens=0 media=0", (await app.WithScopeAsync(sp => sp.GetRequiredService<Clean>().CleanAsync())).ToString());
    }

    [Fact]
    public async Task It_works_in_bounded_batches()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var user = await app.CreateUserAsync();
        var now = DateTimeOffset.UtcNow;
        // More than two batches' worth, fewer than the cap of a run.
        var stale = (2 * Clean.BatchSize) + 7;
        await app.WithDbAsync(async d =>
        {
            d.AddRange(Enumerable.Range(0, stale).Select(_ => Session(user.Id, now.AddDays(-40))));
            return await d.SaveChangesAsync();
        });
        var report = await app.WithScopeAsync(sp => sp.GetRequiredService<Clean>().CleanAsync());
        Assert.Equal(stale, report.Sessions);
        Assert.Equal(0, await app.WithDbAsync(d => d.Set<UserSession>().CountAsync()));
    }

    private static ApiToken Token(Guid userId, string name, DateTimeOffset? expires) =>
        new() { Id = Guid.CreateVersion7(), UserId = userId, Name = name, TokenHash = ApiTokens.Hash(Guid.NewGuid().ToString()), Scope = ApiTokenScope.Read, CreatedAt = DateTimeOffset.UtcNow.AddDays(-60), ExpiresAt = expires };

    private static UserSession Session(Guid userId, DateTimeOffset lastSeen) =>
        new() { Id = Guid.CreateVersion7(), UserId = userId, CreatedAt = lastSeen, LastSeenAt = lastSeen, Device = "Firefox on Linux", MaskedIp = "192.0.2.0" };

    private static Invitation Invitation(Guid adminId, DateTimeOffset expires, bool used) =>
        new() { Id = Guid.CreateVersion7(), Token = Guid.NewGuid().ToString("N"), CreatedById = adminId, CreatedAt = expires.AddDays(-7), ExpiresAt = expires, UsedAt = used ? expires.AddDays(-1) : null };

    private static Feed NewFeed(string name, DateTimeOffset created)
    {
        var url = $"https://{name}-{Guid.NewGuid():N}.example/feed.xml";
        return new Feed { Id = Guid.CreateVersion7(), Url = url, UrlHash = UrlHash.Of(url), Host = $"{name}.example", Title = name, CreatedAt = created, NextCheckAt = created };
    }
}
