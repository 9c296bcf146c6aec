using System.Net;
using Flusio.Web.Data;
using Flusio.Web.Shell;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Accounts;

/// <summary>Failed password (or code) checks counted under one key, within a window.</summary>
public sealed class LoginFailureCount
{
    public string Key { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

internal sealed class LoginFailureCountConfiguration : IEntityTypeConfiguration<LoginFailureCount>
{
    public void Configure(EntityTypeBuilder<LoginFailureCount> count)
    {
        count.ToTable("login_failure_counts");
        count.HasKey(c => c.Key);
        count.Property(c => c.Key).HasMaxLength(300);
    }
}

/// <summary>
/// Slows password guessing without locking owners out: failures count per account and
/// address (5 in 15 minutes stop that address for that account), per address (30 stop it
/// for every account) and per account from anywhere (100 in an hour stop the account until
/// the hour passes or a password reset). Unknown names count exactly like accounts, so the
/// answers never tell which exist. Passwords, authenticator and recovery codes, and the
/// password asked again in the settings all count. In the database: every web process sees
/// the same counts.
/// </summary>
public sealed class LoginThrottle(FlusioDbContext db, TimeProvider clock)
{
    public static readonly Rule PerAccountAndAddress = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
    public static readonly Rule PerAddress = new(30, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
    public static readonly Rule PerAccount = new(100, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public sealed record Rule(int Failures, TimeSpan Window, TimeSpan Lock);

    /// <summary>What the failures are counted under: an account's id, or the name typed when no account has it.</summary>
    public static string Subject(User? user, string identifier) =>
        user is not null ? "user:" + user.Id : "name:" + identifier.Trim().ToUpperInvariant();

    public async Task<bool> IsLockedAsync(string subject, IPAddress? address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var keys = Keys(subject, address).Select(k => k.Key).ToList();
        return await db.Set<LoginFailureCount>().AnyAsync(c => keys.Contains(c.Key) && c.LockedUntil > now, cancellationToken);
    }

    /// <summary>Counts one failure under each key; a key that reaches its rule's count locks.</summary>
    public async Task RecordFailureAsync(string subject, IPAddress? address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, rule) in Keys(subject, address))
        {
            var windowStart = db.Dialect.Instant(now - rule.Window);
            var at = db.Dialect.Instant(now);
            var lockUntil = db.Dialect.Instant(now + rule.Lock);
            // One statement per key: simultaneous failures are all counted.
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO login_failure_counts (key, failures, window_start, locked_until)
                VALUES ({key}, 1, {at}, CASE WHEN 1 >= {rule.Failures} THEN {lockUntil} ELSE NULL END)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN login_failure_counts.window_start < {windowStart} THEN 1 ELSE login_failure_counts.failures + 1 END,
                    locked_until = CASE
                        WHEN (CASE WHEN login_failure_counts.window_start < {windowStart} THEN 1 ELSE login_failure_counts.failures + 1 END) >= {rule.Failures}
                        THEN {lockUntil} ELSE login_failure_counts.locked_until END,
                    window_start = CASE WHEN login_failure_counts.window_start < {windowStart} THEN {at} ELSE login_failure_counts.window_start END
                """,
                cancellationToken);
        }
    }

    /// <summary>A success from this address clears this address's count for the account.</summary>
    public Task RecordSuccessAsync(string subject, IPAddress? address, CancellationToken cancellationToken = default)
    {
        var key = PairKey(subject, address);
        return db.Set<LoginFailureCount>().Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A password reset proves the owner: every count of the account goes.</summary>
    public Task ClearAccountAsync(User user, CancellationToken cancellationToken = default)
    {
        var subject = Subject(user, "");
        var pairs = subject + "|";
        return db.Set<LoginFailureCount>().Where(c => c.Key == subject || c.Key.StartsWith(pairs)).ExecuteDeleteAsync(cancellationToken);
    }

    private static IEnumerable<(string Key, Rule Rule)> Keys(string subject, IPAddress? address)
    {
        yield return (PairKey(subject, address), PerAccountAndAddress);
        yield return ("address:" + ClientAddress.LimitKey(address), PerAddress);
        yield return (subject, PerAccount);
    }

    private static string PairKey(string subject, IPAddress? address) => subject + "|" + ClientAddress.LimitKey(address);
}
