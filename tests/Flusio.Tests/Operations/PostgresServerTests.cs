using Flusio.Tests.Infrastructure;
using Npgsql;

namespace Flusio.Tests.Operations;

/// <summary>
/// Where the run's PostgreSQL shows itself: without server binaries this test is skipped
/// with the reason (as is the PostgreSQL row of every database theory); with
/// FLUSIO_REQUIRE_POSTGRES=1 a missing server fails here and in every theory.
/// </summary>
public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task The_test_run_starts_its_own_postgresql_server()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        var version = (string)(await command.ExecuteScalarAsync())!;
        Assert.Matches(@"^\d+", version);
    }
}
