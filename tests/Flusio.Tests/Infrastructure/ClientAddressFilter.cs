using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no client address; each test browser sends one in a test
/// header, set here before the app's pipeline, so that per-address limits see distinct
/// clients as they would in production. Requests without the header keep none.
/// </summary>
public sealed class ClientAddressFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";
    private static int counter;

    /// <summary>A fresh address from 198.18.0.0/15, the range set aside for tests of network devices.</summary>
    public static string Next()
    {
        var n = Interlocked.Increment(ref counter);
        return $"198.{18 + (n >> 16 & 1)}.{n >> 8 & 255}.{n & 255}";
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Connection.RemoteIpAddress is null && IPAddress.TryParse(context.Request.Headers[Header], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
