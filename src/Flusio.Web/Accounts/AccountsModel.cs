using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flusio.Web.Accounts;

// The accounts' tables. Identity's entities are configured here rather than by deriving the
// context from IdentityDbContext, so that the context knows no feature (see docs/architecture.md).
// Users have no roles: administrators are a flag of the account.

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.HasKey(u => u.Id);
        user.HasIndex(u => u.NormalizedUserName).IsUnique();
        // Unique in the database too: two sign-ups racing with one address cannot both win.
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
        user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
        user.Property(u => u.UserName).HasMaxLength(256);
        user.Property(u => u.NormalizedUserName).HasMaxLength(256);
        user.Property(u => u.Email).HasMaxLength(256);
        user.Property(u => u.NormalizedEmail).HasMaxLength(256);
        user.Property(u => u.PhoneNumber).HasMaxLength(256);
        user.Property(u => u.Locale).HasMaxLength(8);
        user.Property(u => u.Theme).HasMaxLength(8);
        user.HasMany<IdentityUserClaim<Guid>>().WithOne().HasForeignKey(c => c.UserId).IsRequired();
        user.HasMany<IdentityUserLogin<Guid>>().WithOne().HasForeignKey(l => l.UserId).IsRequired();
        user.HasMany<IdentityUserToken<Guid>>().WithOne().HasForeignKey(t => t.UserId).IsRequired();
        user.HasMany<IdentityUserPasskey<Guid>>().WithOne().HasForeignKey(p => p.UserId).IsRequired();
    }
}

internal sealed class UserClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> claim)
    {
        claim.ToTable("user_claims");
        claim.HasKey(c => c.Id);
    }
}

internal sealed class UserLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> login)
    {
        login.ToTable("user_logins");
        login.HasKey(l => new { l.LoginProvider, l.ProviderKey });
        login.Property(l => l.LoginProvider).HasMaxLength(128);
        login.Property(l => l.ProviderKey).HasMaxLength(128);
    }
}

/// <summary>Authenticator keys and recovery codes live here (Identity's "tokens").</summary>
internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> token)
    {
        token.ToTable("user_tokens");
        token.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
        token.Property(t => t.LoginProvider).HasMaxLength(128);
        token.Property(t => t.Name).HasMaxLength(128);
    }
}

internal sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<Guid>> passkey)
    {
        passkey.ToTable("user_passkeys");
        passkey.HasKey(p => p.CredentialId);
        // WebAuthn credential ids are at most 1023 bytes.
        passkey.Property(p => p.CredentialId).HasMaxLength(1024);
        passkey.OwnsOne(p => p.Data).ToJson();
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("user_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Device).HasMaxLength(100);
        session.Property(s => s.MaskedIp).HasMaxLength(64);
        session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        session.HasIndex(s => s.UserId);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.ToTable("invitations");
        invitation.HasKey(i => i.Id);
        invitation.Property(i => i.Token).HasMaxLength(64);
        invitation.HasIndex(i => i.Token).IsUnique();
        invitation.HasOne(i => i.CreatedBy).WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Cascade);
        invitation.HasIndex(i => i.CreatedById);
        // An invitation outlives the account it admitted, without the link.
        invitation.HasOne<User>().WithMany().HasForeignKey(i => i.UsedById).OnDelete(DeleteBehavior.SetNull);
        invitation.HasIndex(i => i.UsedById);
    }
}
