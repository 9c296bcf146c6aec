using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flusio.Tests.Infrastructure;

/// <summary>A real HTTP server on 127.0.0.1 that serves one feed at every path.</summary>
public sealed class LocalFeedServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalFeedServer(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<LocalFeedServer> StartAsync(string body, string contentType = "application/atom+xml; charset=utf-8")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = Ports.Free();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return new LocalFeedServer(app, $"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
