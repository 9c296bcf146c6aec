using System.Security.Cryptography;
using System.Text;
using Flusio.Web.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>What is wrong with a token to create, translated by the page and worded by the verb.</summary>
public enum ApiTokenError
{
    NameTooLong,
    ExpiryOutOfRange,
}

/// <summary>A token as its owner sees it in a list: never its secret.</summary>
public sealed record ApiTokenSummary(Guid Id, Guid UserId, string UserName, string Name, ApiTokenScope Scope, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

/// <summary>Who a valid token acts for, and what it may do.</summary>
public sealed record ApiCaller(Guid TokenId, Guid UserId, string UserName, ApiTokenScope Scope);

/// <summary>
/// Personal access tokens of the API, from the settings page and the `tokens` verbs alike:
/// create (the secret returned once, only its hash kept), list, revoke, and check a
/// presented token. A token of a disabled account, an expired one or a revoked one
/// authenticates nobody. Last use is written at most once a minute, not on every call.
/// </summary>
public sealed class ApiTokens(FlusioDbContext db, TimeProvider clock)
{
    /// <summary>Every token starts so: a scanner of leaked secrets, or a person, recognises one.</summary>
    public const string Prefix = "flusio_";
    public const int MaxExpiryDays = 3650;
    public const string DefaultName = "API token";

    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a token; the secret is returned only here. Nothing is written when the input is wrong.</summary>
    public async Task<(ApiTokenSummary? Token, string? Secret, ApiTokenError? Error)> CreateAsync(
        Guid userId, string? name, ApiTokenScope scope, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        name = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        if (name.Length > ApiToken.MaxNameLength)
        {
            return (null, null, ApiTokenError.NameTooLong);
        }

        if (expiresInDays is < 1 or > MaxExpiryDays)
        {
            return (null, null, ApiTokenError.ExpiryOutOfRange);
        }

        var now = clock.GetUtcNow();
        var secret = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Name = name,
            TokenHash = Hash(secret),
            Scope = scope,
            CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        var userName = await db.Set<User>().Where(u => u.Id == userId).Select(u => u.UserName ?? "").SingleAsync(cancellationToken);
        return (new ApiTokenSummary(token.Id, userId, userName, name, scope, now, token.ExpiresAt, null), secret, null);
    }

    /// <summary>The user's tokens (everyone's when null), newest first.</summary>
    public Task<List<ApiTokenSummary>> ListAsync(Guid? userId, CancellationToken cancellationToken = default) =>
        db.Set<ApiToken>().AsNoTracking()
            .Where(t => userId == null || t.UserId == userId)
            .Join(db.Set<User>(), t => t.UserId, u => u.Id, (t, u) => new { t, u.UserName })
            .OrderByDescending(x => x.t.Id)
            .Select(x => new ApiTokenSummary(x.t.Id, x.t.UserId, x.UserName ?? "", x.t.Name, x.t.Scope, x.t.CreatedAt, x.t.ExpiresAt, x.t.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Revokes a token of the user (any user's when null); false when there is none with that id.</summary>
    public async Task<bool> RevokeAsync(Guid? userId, Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<ApiToken>().Where(t => t.Id == id && (userId == null || t.UserId == userId)).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// Who the presented token acts for: null when it is malformed, unknown (revoked), expired,
    /// or its account is disabled. Marks the token used when its last use is a minute old or more.
    /// </summary>
    public async Task<ApiCaller?> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 100)
        {
            return null;
        }

        var hash = Hash(presented);
        var now = clock.GetUtcNow();
        var found = await db.Set<ApiToken>().AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Set<User>(), t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.UserId, u.UserName, t.Scope, t.ExpiresAt, t.LastUsedAt, u.LockoutEnd })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || found.ExpiresAt <= now || found.LockoutEnd > now)
        {
            return null;
        }

        if (found.LastUsedAt is null || now - found.LastUsedAt.Value >= LastUseResolution)
        {
            await db.Set<ApiToken>().Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new ApiCaller(found.Id, found.UserId, found.UserName ?? "", found.Scope);
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
