using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Flusio.Web.Data;

/// <summary>
/// The one database context. It knows no feature: each feature folder configures its own
/// tables with <see cref="IEntityTypeConfiguration{TEntity}"/> classes beside its entities,
/// applied here from the assembly, and reaches its rows through <c>Set&lt;T&gt;()</c>.
/// Each provider has its own subclass (Sqlite/, PostgreSql/): EF Core keeps one migration
/// set per context type, and the subclass is the one place for that provider's pieces.
/// </summary>
public abstract class FlusioDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>What hand-written SQL needs to know of the provider (see <see cref="ISqlDialect"/>).</summary>
    public abstract ISqlDialect Dialect { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlusioDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
