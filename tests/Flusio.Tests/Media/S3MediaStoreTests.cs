using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Configuration;
using Flusio.Web.Media;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Flusio.Tests.Media;

/// <summary>
/// Media in an S3-compatible bucket (a real s3rver on loopback): the store puts, reads, lists and
/// deletes by content; the app stores illustrations there and serves them at /media/… as from
/// the local folder; a bad MEDIA_STORAGE_URL stops the start with one line.
/// </summary>
public sealed class S3MediaStoreTests
{
    [S3Fact]
    public async Task The_bucket_store_puts_reads_lists_and_deletes_by_content()
    {
        using var s3 = S3Server.Start();
        using var store = new S3MediaStore(Parse(s3.Settings()));
        var card = Card(700, 400);
        var other = Card(300, 900);

        var path = await store.PutAsync(card, "webp", default);
        Assert.True(MediaPaths.IsMediaPath(path), path);
        Assert.Equal(MediaPaths.Of(card, "webp"), path);
        Assert.Equal(path, await store.PutAsync(card, "webp", default));
        var second = await store.PutAsync(other, "webp", default);
        Assert.NotEqual(path, second);
        Assert.Equal(new[] { path, second }.Order(StringComparer.Ordinal), s3.StoredKeys());

        await using (var read = await store.OpenReadAsync(path, default))
        {
            Assert.NotNull(read);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(card, copy.ToArray());
        }

        var listed = await store.ListAsync(default).ToListAsync();
        Assert.Equal(new[] { path, second }.Order(StringComparer.Ordinal), listed.Select(m => m.Path).Order(StringComparer.Ordinal));
        Assert.Equal(card.Length, listed.Single(m => m.Path == path).Bytes);
        Assert.All(listed, m => Assert.InRange(m.LastModified, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(10)));

        // Nothing but the store's own paths is read or deleted.
        Assert.Null(await store.OpenReadAsync("00/" + new string('0', 64) + ".webp", default));
        Assert.Null(await store.OpenReadAsync("../" + path, default));
        await store.DeleteAsync(path.ToUpperInvariant(), default);
        Assert.Equal(2, s3.StoredKeys().Count);

        await store.DeleteAsync(path, default);
        Assert.Null(await store.OpenReadAsync(path, default));
        Assert.Equal([second], s3.StoredKeys());
        Assert.Equal([second], (await store.ListAsync(default).ToListAsync()).Select(m => m.Path));
    }

    [S3Fact]
    public async Task An_illustration_made_by_the_app_lands_in_the_bucket_and_is_served_at_media_for_a_year()
    {
        using var s3 = S3Server.Start();
        await using var app = new FlusioApp(Db.Sqlite, s3.Settings());
        var made = await app.Services.GetRequiredService<Illustrations>().FromBytesAsync(TestImages.Encoded(1000, 700, SKEncodedImageFormat.Jpeg), default);
        Assert.Null(made.Error);
        Assert.Equal([made.Path!], s3.StoredKeys());
        Assert.False(Directory.Exists(Path.Combine(app.DataPath, "media")), "a file was written to the local folder");

        var anonymous = app.Browser();
        var served = await anonymous.GetAsync("/media/" + made.Path);
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal("image/webp", served.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Response.Headers.CacheControl?.ToString());
        var bytes = await anonymous.Client.GetByteArrayAsync("/media/" + made.Path);
        Assert.Equal(MediaPaths.Of(bytes, "webp"), made.Path);

        foreach (var probe in new[]
        {
            "/media/00/" + new string('0', 64) + ".webp", "/media/../" + made.Path, "/media/..%2f" + made.Path, "/media/" + made.Path![..2] + "/..%2f..%2fsecret",
            "/media/" + made.Path.ToUpperInvariant(), "/media/" + made.Path + "/", "/media/%2F" + made.Path, "/media/",
        })
        {
            var page = await anonymous.GetAsync(probe);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{probe}: {page.Status}");
        }
    }

    [Theory]
    [InlineData("ftp://bucket", "MEDIA_STORAGE_URL has an unknown scheme 'ftp': only s3:// is known (unset for the local folder).")]
    [InlineData("media", "MEDIA_STORAGE_URL must look like s3://bucket?endpoint=https://s3.example.org&region=us-east-1&path_style=true (or be unset for the local folder), not 'media'.")]
    [InlineData("s3://", "MEDIA_STORAGE_URL needs a bucket name (3 to 63 lower-case letters, digits, dots or hyphens) after s3://, not 's3://'.")]
    [InlineData("s3://Bad_Bucket", "MEDIA_STORAGE_URL needs a bucket name (3 to 63 lower-case letters, digits, dots or hyphens) after s3://, not 's3://Bad_Bucket'.")]
    [InlineData("s3://media?endpoint=localhost:9000", "MEDIA_STORAGE_URL's endpoint must be an absolute http(s) URL, not 'localhost:9000'.")]
    [InlineData("s3://media?path_style=maybe", "MEDIA_STORAGE_URL's path_style cannot be 'maybe'.")]
    [InlineData("s3://media?bucket=other", "MEDIA_STORAGE_URL has an unknown parameter 'bucket' (known: endpoint, region, path_style).")]
    public async Task A_bad_media_storage_url_stops_the_start_with_one_line(string url, string message)
    {
        var env = new Dictionary<string, string?>
        {
            ["DATA_PATH"] = Directory.CreateTempSubdirectory("flusio-s3-settings-").FullName,
            ["MEDIA_STORAGE_URL"] = url,
            ["MEDIA_S3_ACCESS_KEY"] = "key",
            ["MEDIA_S3_SECRET_KEY"] = "secret",
        };
        var run = await Verbs.RunAsync(env, "migrate");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: " + message, run.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(env["DATA_PATH"]!, "flusio.db")), "the database was made anyway");
    }

    [Fact]
    public async Task An_s3_url_without_its_keys_is_refused_by_serve()
    {
        var run = await FlusioProcess.RunAsync(new Dictionary<string, string?> { ["MEDIA_STORAGE_URL"] = "s3://media?endpoint=http://127.0.0.1:9" }, "serve");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: MEDIA_S3_ACCESS_KEY and MEDIA_S3_SECRET_KEY must be set when MEDIA_STORAGE_URL is an s3:// URL.", run.Stderr.Trim());
    }

    [Fact]
    public void The_storage_url_gives_bucket_prefix_endpoint_region_and_style_and_never_shows_the_keys()
    {
        var storage = S3MediaStorage.Parse("s3://media.example/flusio/?endpoint=https://s3.example.org:9000&region=eu-west-3&path_style=true", "AKIA", "very-secret")!;
        Assert.Equal(("media.example", "flusio/", "https://s3.example.org:9000/", "eu-west-3", true), (storage.Bucket, storage.Prefix, storage.Endpoint?.ToString(), storage.Region, storage.PathStyle));
        Assert.DoesNotContain("very-secret", storage.ToString(), StringComparison.Ordinal);
        Assert.Null(S3MediaStorage.Parse(null, null, null));
        var amazon = S3MediaStorage.Parse("s3://media", "AKIA", "very-secret")!;
        Assert.Equal(("", null, "us-east-1", false), (amazon.Prefix, amazon.Endpoint, amazon.Region, amazon.PathStyle));
    }

    private static S3MediaStorage Parse(Dictionary<string, string?> settings) =>
        S3MediaStorage.Parse(settings["MEDIA_STORAGE_URL"], settings["MEDIA_S3_ACCESS_KEY"], settings["MEDIA_S3_SECRET_KEY"])!;

    private static byte[] Card(int width, int height) => Illustrations.ToCard(TestImages.Encoded(width, height, SKEncodedImageFormat.Png)).Webp!;
}
