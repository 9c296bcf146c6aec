using Npgsql;

namespace Flusio.Web.Data.PostgreSql;

/// <summary>
/// Waits for NOTIFY on a channel over a connection of its own and calls back on each one;
/// reconnects after a failure. Other processes' commits wake this one without polling.
/// </summary>
public sealed class PostgresListener(string connectionString, string channel, Action onNotification, ILogger logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => onNotification();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed while we were not listening is found by the first claim.
                onNotification();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning("Listening on {Channel} failed, retrying in 5 s: {Error}", channel, e.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
