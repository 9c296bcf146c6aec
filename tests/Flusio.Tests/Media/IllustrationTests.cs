using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Media;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Flusio.Tests.Media;

/// <summary>Illustrations made from real images into card-sized WebP, refusals, and /media serving only what the store made.</summary>
public sealed class IllustrationTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 1200, 900)]
    [InlineData(SKEncodedImageFormat.Jpeg, 800, 1600)]
    [InlineData(SKEncodedImageFormat.Png, 90, 40)]
    public void A_real_image_becomes_a_card_sized_webp(SKEncodedImageFormat format, int width, int height)
    {
        var (webp, error) = Illustrations.ToCard(TestImages.Encoded(width, height, format));
        Assert.Null(error);
        using var codec = SKCodec.Create(SKData.CreateCopy(webp!));
        Assert.Equal(SKEncodedImageFormat.Webp, codec.EncodedFormat);
        Assert.Equal((Illustrations.Width, Illustrations.Height), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public void What_is_not_an_image_is_refused_with_its_reason()
    {
        var (webp, error) = Illustrations.ToCard("<html><body>Not an image</body></html>"u8.ToArray());
        Assert.Null(webp);
        Assert.StartsWith(Illustrations.NotAnImage + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_of_too_many_pixels_is_refused_from_its_header()
    {
        // 8000×6000 = 48 megapixels: decoding it would take 192 MB; its header is enough to refuse it.
        var (webp, error) = Illustrations.ToCard(TestImages.PngHeaderOnly(8000, 6000));
        Assert.Null(webp);
        Assert.Equal(Illustrations.TooManyPixels + ": 8000×6000", error);
    }

    [Fact]
    public async Task Illustrations_are_stored_by_content_and_downloaded_through_the_guarded_fetcher()
    {
        await using var server = await TestFeedServer.StartAsync();
        server.Bytes("/photo.jpg", TestImages.Encoded(1000, 700, SKEncodedImageFormat.Jpeg), "image/jpeg");
        server.Bytes("/huge.png", new byte[6 * 1024 * 1024], "image/png");
        using (var open = new ServiceHost(Db.Sqlite, new Dictionary<string, string?> { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" }))
        {
            var illustrations = open.Services.GetRequiredService<Illustrations>();
            var made = await illustrations.FromUrlAsync(new Uri(server.Url("/photo.jpg")), default);
            Assert.Null(made.Error);
            Assert.True(MediaPaths.IsMediaPath(made.Path), made.Path);
            Assert.True(File.Exists(Path.Combine(open.DataPath, "media", made.Path!)));
            Assert.Equal(made.Path, (await illustrations.FromUrlAsync(new Uri(server.Url("/photo.jpg")), default)).Path);

            // At most 5 MB are downloaded.
            var huge = await illustrations.FromUrlAsync(new Uri(server.Url("/huge.png")), default);
            Assert.Null(huge.Path);
            Assert.StartsWith("TooLarge:", huge.Error, StringComparison.Ordinal);
        }

        // Without the test switch, the loopback server is a private address: refused, nothing fetched.
        using var guarded = new ServiceHost(Db.Sqlite);
        var before = server.Requests("/photo.jpg");
        var refused = await guarded.Services.GetRequiredService<Illustrations>().FromUrlAsync(new Uri(server.Url("/photo.jpg")), default);
        Assert.StartsWith("RefusedAddress:", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, server.Requests("/photo.jpg"));
    }

    [Fact]
    public async Task Media_serves_stored_files_for_a_year_and_nothing_outside_the_store()
    {
        await using var app = new FlusioApp(Db.Sqlite);
        var path = await app.Services.GetRequiredService<IMediaStore>().PutAsync(Illustrations.ToCard(TestImages.Encoded(700, 400, SKEncodedImageFormat.Png)).Webp!, "webp", default);
        File.WriteAllText(Path.Combine(app.DataPath, "secret.txt"), "secret");
        File.WriteAllText(Path.Combine(app.DataPath, "media", path[..2], "notes.webp"), "not made by the store");
        var anonymous = app.Browser();

        var served = await anonymous.GetAsync("/media/" + path);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal("image/webp", served.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Response.Headers.CacheControl?.ToString());

        foreach (var probe in new[]
        {
            "/media/../secret.txt", "/media/..%2fsecret.txt", "/media/%2e%2e/secret.txt", "/media/" + path[..2] + "/..%2f..%2fsecret.txt",
            "/media/" + path[..2] + "/notes.webp", "/media/" + path.ToUpperInvariant(), "/media/" + path + "/", "/media/%2F" + path,
            "/media/" + path.Replace("/", "%5C", StringComparison.Ordinal), "/media/00/" + path[3..], "/media/",
        })
        {
            var page = await anonymous.GetAsync(probe);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{probe}: {page.Status}");
        }
    }
}
