using Flusio.Web.Data.PostgreSql;
using Flusio.Web.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Flusio.Web.Data;

// Used by `dotnet ef migrations add` (see migrations/README.md) and by the tests that
// compare the model with the migrations: each provider gets its own migration set.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlusioDbContext>
{
    public SqliteFlusioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteFlusioDbContext>();
        DatabaseSetup.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteFlusioDbContext(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFlusioDbContext>
{
    public PostgresFlusioDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresFlusioDbContext>();
        DatabaseSetup.ConfigurePostgres(options, "Host=localhost;Database=flusio_design");
        return new PostgresFlusioDbContext(options.Options);
    }
}
