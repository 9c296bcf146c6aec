using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Flusio.Web.Data;

// Used only by `dotnet ef migrations add` (see migrations/README.md): each provider
// gets its own migration set.

internal static class DesignTimeServices
{
    /// <summary>
    /// Identity reads its schema version (3: passkeys) from the application's options;
    /// the design-time context gets the same options the app configures.
    /// </summary>
    public static IServiceProvider Identity()
    {
        var services = new ServiceCollection();
        services.Configure<IdentityOptions>(IdentitySetup.Configure);
        return services.BuildServiceProvider();
    }
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlusioDbContext>
{
    public SqliteFlusioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteFlusioDbContext>().UseApplicationServiceProvider(DesignTimeServices.Identity());
        DatabaseSetup.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteFlusioDbContext(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFlusioDbContext>
{
    public PostgresFlusioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresFlusioDbContext>().UseApplicationServiceProvider(DesignTimeServices.Identity());
        DatabaseSetup.ConfigurePostgres(options, "Host=localhost;Database=flusio_design");
        return new PostgresFlusioDbContext(options.Options);
    }
}
