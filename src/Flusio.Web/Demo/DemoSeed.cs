using Flusio.Web.Accounts;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Jobs;
using Flusio.Web.Links;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Demo;

/// <summary>
/// The demo account and its seed data: a group, follows of a few feeds, two collections and
/// links with notes. <see cref="ResetAsync"/> deletes the account with everything it owns and
/// makes it again, so whatever visitors changed during the day is gone; it is the nightly
/// <c>demo-reset</c> job, and runs at start when the account does not exist. It never fetches:
/// the links carry their titles and descriptions, and the feeds are left to the refresh
/// schedule (a feed already known to the instance is followed as it is).
/// </summary>
public sealed class DemoSeed(
    FlusioDbContext db,
    UserManager<User> users,
    IPasswordHasher<User> hasher,
    AccountDeletion deletion,
    LinkLists lists,
    TimeProvider clock,
    ILogger<DemoSeed> logger) : IJobHandler
{
    public const string Name = "demo-reset";

    /// <summary>The hour (UTC) of the nightly reset.</summary>
    public static readonly TimeSpan ResetTime = TimeSpan.FromHours(3);

    public const string GroupName = "Web";

    public static readonly IReadOnlyList<string> FeedUrls =
    [
        "https://www.debian.org/News/news",
        "https://lwn.net/headlines/rss",
        "https://xkcd.com/atom.xml",
    ];

    public sealed record SeedLink(string Url, string Title, string Description, int ReadingMinutes, string Note, bool ReadLater = false);

    public sealed record SeedSet(string Name, string Description, bool IsPublic, bool InGroup, IReadOnlyList<SeedLink> Links);

    public static readonly IReadOnlyList<SeedSet> Collections =
    [
        new("Open web", "Formats and protocols that keep the web **open**: feeds, pushes, publishing on your own site.", IsPublic: true, InGroup: true,
        [
            new("https://www.rfc-editor.org/rfc/rfc4287", "RFC 4287: The Atom Syndication Format", "The specification of Atom 1.0, an XML format for feeds of entries.", 40,
                "The format of this instance's public feeds."),
            new("https://www.w3.org/TR/websub/", "WebSub", "A W3C recommendation for push notifications between publishers and subscribers of feeds.", 25,
                "Feeds that announce a hub are updated by push, without waiting for the next check.", ReadLater: true),
            new("https://indieweb.org/POSSE", "POSSE - IndieWeb", "Publish on your Own Site, Syndicate Elsewhere.", 6,
                "Keep the original on your site, *copy* it elsewhere."),
        ]),
        new("Self-hosting", "Notes on running small services for a family or an association.", IsPublic: false, InGroup: false,
        [
            new("https://www.postgresql.org/docs/current/backup-dump.html", "PostgreSQL: SQL Dump", "How pg_dump and pg_restore back up and restore a database.", 12,
                "Test the restore, not only the backup."),
            new("https://wiki.debian.org/UnattendedUpgrades", "UnattendedUpgrades - Debian Wiki", "Installing security updates automatically on Debian.", 5,
                "Worth it on every small server."),
        ]),
    ];

    public Task RunAsync(JobRun run, CancellationToken cancellationToken) => ResetAsync(cancellationToken);

    /// <summary>Makes the demo account and its seed data when it does not exist; true when it did so.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (await users.FindByNameAsync(DemoAccount.Username) is not null)
        {
            return false;
        }

        await ResetAsync(cancellationToken);
        return true;
    }

    /// <summary>Deletes the demo account (with all it owns) and makes it again with the seed data, in one transaction.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Dialect.SerializeSql(Name) is { } serialize)
        {
            // The nightly job and a start-up seeding must not both make the account.
            await db.Database.ExecuteSqlRawAsync(serialize, cancellationToken);
        }

        if (await users.FindByNameAsync(DemoAccount.Username) is { } existing)
        {
            await deletion.DeleteAsync(existing, cancellationToken);
            db.ChangeTracker.Clear();
        }

        var user = await CreateAccountAsync(cancellationToken);
        await SeedAsync(user.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo account reset to its seed data");
    }

    /// <summary>Through the user manager without a password, then the hash set: the password rules would refuse "demo".</summary>
    private async Task<User> CreateAccountAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.CreateVersion7(now),
            UserName = DemoAccount.Username,
            Email = DemoAccount.Email,
            EmailConfirmed = true,
            CreatedAt = now,
        };
        user.PasswordHash = hasher.HashPassword(user, DemoAccount.Password);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The demo account could not be made: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return user;
    }

    private async Task SeedAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var group = new Group { Id = Guid.CreateVersion7(now), UserId = userId, Name = GroupName };
        db.Add(group);
        foreach (var url in FeedUrls)
        {
            var feed = await FeedAsync(new Uri(url), now, cancellationToken);
            db.Add(new FeedFollow { UserId = userId, FeedId = feed.Id, CreatedAt = now, GroupId = group.Id });
        }

        var readLater = await lists.CollectionIdAsync(userId, CollectionKind.ReadLater, cancellationToken);
        foreach (var seed in Collections)
        {
            var collection = new Collection
            {
                Id = Guid.CreateVersion7(now),
                UserId = userId,
                Kind = CollectionKind.Collection,
                Name = seed.Name,
                Description = seed.Description,
                IsPublic = seed.IsPublic,
                CreatedAt = now,
                UpdatedAt = now,
                GroupId = seed.InGroup ? group.Id : null,
            };
            db.Add(collection);
            foreach (var item in seed.Links)
            {
                var link = new Link
                {
                    Id = Guid.CreateVersion7(now),
                    UserId = userId,
                    Url = item.Url,
                    UrlHash = UrlHash.Of(item.Url),
                    Title = item.Title,
                    Description = item.Description,
                    ReadingMinutes = item.ReadingMinutes,
                    PublishedAt = now,
                    CreatedAt = now,
                    MetadataState = LinkMetadataState.Fetched,
                    MetadataFetchedAt = now,
                };
                db.Add(link);
                db.Add(new CollectionLink { CollectionId = collection.Id, LinkId = link.Id, AddedAt = now });
                db.Add(new Note { Id = Guid.CreateVersion7(now), LinkId = link.Id, UserId = userId, Content = item.Note, CreatedAt = now, UpdatedAt = now });
                if (item.ReadLater)
                {
                    db.Add(new CollectionLink { CollectionId = readLater, LinkId = link.Id, AddedAt = now });
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The instance's feed of that URL, or a new one that the next schedule pass refreshes.</summary>
    private async Task<Feed> FeedAsync(Uri url, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalised = UrlHash.Normalise(url.AbsoluteUri);
        var hash = UrlHash.Of(normalised);
        if (await db.Set<Feed>().FirstOrDefaultAsync(f => f.UrlHash == hash, cancellationToken) is { } known)
        {
            return known;
        }

        var feed = new Feed { Id = Guid.CreateVersion7(now), Url = normalised, UrlHash = hash, Host = url.Host, Title = url.Host, CreatedAt = now, NextCheckAt = now };
        db.Add(feed);
        return feed;
    }
}

/// <summary>On a demo instance, `serve` makes the demo account at start (after the migrations) when it does not exist.</summary>
public sealed class DemoSeedOnStart(IServiceScopeFactory scopes) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeed>().EnsureAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DemoServices
{
    /// <summary>The seed and, on a demo instance only, its nightly reset.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services, Configuration.FlusioSettings settings)
    {
        services.AddScoped<DemoSeed>();
        if (settings.Demo)
        {
            services.AddRecurringJob<DemoSeed>(DemoSeed.Name, TimeSpan.FromDays(1), firstAt: DemoSeed.ResetTime);
        }

        return services;
    }
}
