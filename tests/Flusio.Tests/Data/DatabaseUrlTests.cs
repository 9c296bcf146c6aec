using Flusio.Web.Data;
using Npgsql;

namespace Flusio.Tests.Data;

/// <summary>DATABASE_URL as the app reads it: its parts, its options, and the statement preparation it gets unless told otherwise.</summary>
public sealed class DatabaseUrlTests
{
    [Fact]
    public void A_url_gives_its_parts_and_prepared_statements_unless_it_says_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("postgres://flusio:s%40cret@db.example:6543/flusio_prod?sslmode=require"));
        Assert.Equal(("db.example", 6543, "flusio_prod", "flusio", "s@cret"), (plain.Host, plain.Port, plain.Database, plain.Username, plain.Password));
        Assert.Equal(SslMode.Require, plain.SslMode);
        Assert.Equal((64, 2, "-c plan_cache_mode=force_custom_plan"), (plain.MaxAutoPrepare, plain.AutoPrepareMinUsages, plain.Options));

        var told = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("postgres://flusio@db.example/flusio?Max%20Auto%20Prepare=0"));
        Assert.Equal((5432, 0), (told.Port, told.MaxAutoPrepare));
    }
}
