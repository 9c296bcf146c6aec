using Flusio.Web.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Data;

/// <summary>
/// The one database context. Each provider has its own subclass only so that EF Core
/// keeps one migration set per provider (see migrations/); the model is the same.
/// </summary>
public abstract class FlusioDbContext(DbContextOptions options)
    : IdentityDbContext<User, IdentityRole<Guid>, Guid, IdentityUserClaim<Guid>, IdentityUserRole<Guid>,
        IdentityUserLogin<Guid>, IdentityRoleClaim<Guid>, IdentityUserToken<Guid>, IdentityUserPasskey<Guid>>(options),
      IDataProtectionKeyContext
{
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<User>(user =>
        {
            user.Property(u => u.Locale).HasMaxLength(8);
            user.Property(u => u.Theme).HasMaxLength(8);
        });

        builder.Entity<UserSession>(session =>
        {
            session.ToTable("user_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Device).HasMaxLength(100);
            session.Property(s => s.MaskedIp).HasMaxLength(64);
            session.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasIndex(s => s.UserId);
        });

        builder.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("invitations");
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Token).HasMaxLength(64);
            invitation.HasIndex(i => i.Token).IsUnique();
            invitation.HasOne(i => i.CreatedBy).WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Cascade);
            invitation.HasIndex(i => i.CreatedById);
        });

        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset natively: store UTC ticks.
            foreach (var entity in builder.Model.GetEntityTypes())
            {
                foreach (var property in entity.GetProperties())
                {
                    if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
                    {
                        property.SetValueConverter(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter());
                    }
                }
            }
        }
    }
}

public sealed class SqliteFlusioDbContext(DbContextOptions<SqliteFlusioDbContext> options) : FlusioDbContext(options);

public sealed class PostgresFlusioDbContext(DbContextOptions<PostgresFlusioDbContext> options) : FlusioDbContext(options);
