using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Accounts;

/// <summary>What a personal access token may do through the API: read only, or read and change.</summary>
public enum ApiTokenScope
{
    Read,
    Write,
}

/// <summary>
/// A personal access token of the API. Only the SHA-256 hash of the token is stored: the
/// token itself is shown once, when it is created, and cannot be read back.
/// </summary>
public class ApiToken
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the token's text, 32 bytes.</summary>
    public byte[] TokenHash { get; set; } = [];

    public ApiTokenScope Scope { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.ToTable("api_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Name).HasMaxLength(ApiToken.MaxNameLength);
        token.Property(t => t.TokenHash).HasMaxLength(32);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.Property(t => t.Scope).HasConversion<string>().HasMaxLength(8);
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        token.HasIndex(t => t.UserId);
    }
}
