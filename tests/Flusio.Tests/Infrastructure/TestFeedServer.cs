using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Flusio.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (or on 127.0.0.1–N, N hosts to per-host limits) with a
/// feed (or a status, or a redirect) per path, set and changed by the test. Feeds carry an
/// ETag derived from their body and answer If-None-Match with 304, as a polite publisher
/// does; every request is counted.
/// </summary>
public sealed class TestFeedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> requests = new(StringComparer.Ordinal);

    private readonly int port;

    private TestFeedServer(WebApplication app, int port, int hosts)
    {
        this.app = app;
        this.port = port;
        Hosts = hosts;
        BaseUrl = $"http://127.0.0.1:{port}";
    }

    public string BaseUrl { get; }

    /// <summary>The server listens on 127.0.0.1 to 127.0.0.<see cref="Hosts"/>.</summary>
    public int Hosts { get; }

    public string Url(string path) => BaseUrl + path;

    /// <summary>The address of <paramref name="path"/> on host 127.0.0.<paramref name="host"/>.</summary>
    public string Url(string path, int host) => $"http://127.0.0.{host}:{port}{path}";

    /// <summary>Requests to <paramref name="path"/> so far, 304s included.</summary>
    public int Requests(string path) => requests.GetValueOrDefault(path);

    /// <summary>Every path requested so far, with its count.</summary>
    public IReadOnlyDictionary<string, int> AllRequests => new Dictionary<string, int>(requests, StringComparer.Ordinal);

    /// <summary>How long a request for a path waits before it is answered (a slow publisher); none by default.</summary>
    public Func<string, TimeSpan> DelayOf { get; set; } = _ => TimeSpan.Zero;

    public static async Task<TestFeedServer> StartAsync(int hosts = 1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = Ports.Free();
        builder.WebHost.UseKestrel(k =>
        {
            for (var host = 1; host <= hosts; host++)
            {
                k.Listen(IPAddress.Parse($"127.0.0.{host}"), port);
            }
        });
        var app = builder.Build();
        var server = new TestFeedServer(app, port, hosts);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/>, with an ETag and 304s.</summary>
    public void Feed(string path, string body, string contentType = "application/rss+xml; charset=utf-8", IDictionary<string, string>? headers = null)
    {
        var etag = $"\"{(uint)body.GetHashCode(StringComparison.Ordinal):x8}{body.Length:x}\"";
        routes[path] = async context =>
        {
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.Headers.ETag = etag;
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };
    }

    /// <summary>Serves <paramref name="body"/> as it is (an image, a page in a legacy charset), with the given content type, if any.</summary>
    public void Bytes(string path, byte[] body, string? contentType) =>
        routes[path] = async context =>
        {
            if (contentType is not null)
            {
                context.Response.ContentType = contentType;
            }

            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        };

    public void Status(string path, int status, IDictionary<string, string>? headers = null) =>
        routes[path] = context =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            return Task.CompletedTask;
        };

    public void Redirect(string path, string to, bool permanent) =>
        routes[path] = context =>
        {
            context.Response.StatusCode = permanent ? 301 : 302;
            context.Response.Headers.Location = to;
            return Task.CompletedTask;
        };

    /// <summary>An HTML page announcing the feed at <paramref name="feedPath"/>.</summary>
    public void Page(string path, string title, string feedPath) =>
        routes[path] = context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(
                $"<!DOCTYPE html><html><head><title>{title}</title><link rel=\"alternate\" type=\"application/rss+xml\" title=\"{title}\" href=\"{feedPath}\"></head><body><p>{title}</p></body></html>");
        };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (DelayOf(path) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (routes.TryGetValue(path, out var route))
        {
            await route(context);
            return;
        }

        context.Response.StatusCode = 404;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>RSS 2.0 documents for tests.</summary>
public static class TestFeeds
{
    public sealed record Item(string Id, string Title, string Link, DateTimeOffset Published, string? Description = null);

    public static string Rss(string title, IEnumerable<Item> items, string? ttl = null) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://site.example/</link>{(ttl is null ? "" : $"<ttl>{ttl}</ttl>")}
        {string.Concat(items.Select(i => $"<item><guid isPermaLink=\"false\">{i.Id}</guid><title>{i.Title}</title><link>{i.Link}</link><pubDate>{i.Published:R}</pubDate>{(i.Description is null ? "" : $"<description><![CDATA[{i.Description}]]></description>")}</item>"))}
        </channel></rss>
        """;
}
