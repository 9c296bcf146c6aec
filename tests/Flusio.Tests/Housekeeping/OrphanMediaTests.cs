using Flusio.Tests.Infrastructure;
using Flusio.Tests.Media;
using Flusio.Web.Housekeeping;
using Flusio.Web.Links;
using Flusio.Web.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using Clean = Flusio.Web.Housekeeping.Housekeeping;

namespace Flusio.Tests.Housekeeping;

/// <summary>
/// `flusio media clean` and the daily housekeeping remove media files no link references, older
/// than an hour, and nothing else: on the local folder and in an S3 bucket, on both databases.
/// </summary>
public sealed class OrphanMediaTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public Task Unreferenced_old_files_of_the_local_folder_are_removed_and_nothing_else(Db db) =>
        CleansAsync(db, s3: null);

    [S3Theory]
    [SqliteData]
    [PostgresData]
    public async Task Unreferenced_old_files_of_the_bucket_are_removed_and_nothing_else(Db db)
    {
        using var s3 = S3Server.Start();
        await CleansAsync(db, s3);
    }

    [Fact]
    public async Task The_clean_up_stops_at_its_bound_and_goes_on_at_the_next_run()
    {
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["WORKER_IN_PROCESS"] = "false" });
        var store = app.Services.GetRequiredService<IMediaStore>();
        for (var i = 0; i < 5; i++)
        {
            // The store takes any bytes: distinct ones are distinct files.
            Age(app, null, await store.PutAsync(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64), "webp", default));
        }

        var first = await app.WithScopeAsync(sp => sp.GetRequiredService<OrphanMedia>().CleanAsync(maxRemoved: 2));
        Assert.Equal((5, 2), (first.Files, first.Removed));
        Assert.Equal(3, (await store.ListAsync(default).ToListAsync()).Count);
        var second = await app.WithScopeAsync(sp => sp.GetRequiredService<OrphanMedia>().CleanAsync());
        Assert.Equal((3, 3), (second.Files, second.Removed));
        Assert.Empty(await store.ListAsync(default).ToListAsync());
    }

    [S3Fact]
    public async Task A_bucket_that_does_not_answer_is_one_line_and_removes_nothing()
    {
        using var s3 = S3Server.Start();
        await using var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?>(s3.Settings()) { ["WORKER_IN_PROCESS"] = "false" });
        var path = await app.Services.GetRequiredService<IMediaStore>().PutAsync(Card(300), "webp", default);
        s3.Age(path, TimeSpan.FromHours(2));

        var env = Env(app, s3);
        env["MEDIA_STORAGE_URL"] = $"s3://absent-bucket?endpoint={s3.Endpoint}&path_style=true";
        var run = await Verbs.RunAsync(env, "media", "clean");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: the media bucket s3://absent-bucket/ ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.Equal("", run.Stdout);
        Assert.Equal([path], s3.StoredKeys());

        // An argument the verb does not take is refused before anything is read.
        var extra = await Verbs.RunAsync(Env(app, s3), "media", "clean", "everything");
        Assert.NotEqual(0, extra.ExitCode);
        Assert.Contains("everything", extra.Stderr, StringComparison.Ordinal);
        Assert.Equal([path], s3.StoredKeys());
    }

    private static async Task CleansAsync(Db db, S3Server? s3)
    {
        var settings = new Dictionary<string, string?>(s3?.Settings() ?? []) { ["WORKER_IN_PROCESS"] = "false" };
        await using var app = new FlusioApp(db, settings);
        var user = await app.CreateUserAsync();
        var store = app.Services.GetRequiredService<IMediaStore>();
        var kept = await store.PutAsync(Card(400), "webp", default);
        var orphan = await store.PutAsync(Card(500), "webp", default);
        var fresh = await store.PutAsync(Card(600), "webp", default);
        var linkId = await app.WithDbAsync(async d =>
        {
            var link = new Link { Id = Guid.CreateVersion7(), UserId = user.Id, Url = "https://site.example/a", UrlHash = UrlHash.Of("https://site.example/a"), Title = "A", IllustrationPath = kept, CreatedAt = DateTimeOffset.UtcNow };
            d.Add(link);
            await d.SaveChangesAsync();
            return link.Id;
        });
        Age(app, s3, kept);
        Age(app, s3, orphan);
        var orphanBytes = (await store.ListAsync(default).ToListAsync()).Single(m => m.Path == orphan).Bytes;

        var run = await Verbs.RunAsync(Env(app, s3), "media", "clean");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"media files=3 removed=1 bytes={orphanBytes}", run.Stdout.Trim());
        Assert.Equal(new[] { kept, fresh }.Order(StringComparer.Ordinal), await PathsAsync(store));
        Assert.Null(await store.OpenReadAsync(orphan, default));

        // Twice removes nothing more.
        Assert.Equal("media files=2 removed=0 bytes=0", (await Verbs.RunAsync(Env(app, s3), "media", "clean")).Stdout.Trim());

        // Once its link lets it go, the daily housekeeping removes it; the young file stays.
        await app.WithDbAsync(d => d.Set<Link>().Where(l => l.Id == linkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.IllustrationPath, (string?)null)));
        var report = await app.WithScopeAsync(sp => sp.GetRequiredService<Clean>().CleanAsync());
        Assert.Equal(1, report.Media);
        Assert.Equal([fresh], await PathsAsync(store));

        // Storing bytes that are there makes their file young again: an old orphan about to be used is kept.
        Age(app, s3, fresh);
        Assert.Equal(fresh, await store.PutAsync(Card(600), "webp", default));
        Assert.Equal("media files=1 removed=0 bytes=0", (await Verbs.RunAsync(Env(app, s3), "media", "clean")).Stdout.Trim());
    }

    private static Dictionary<string, string?> Env(FlusioApp app, S3Server? s3) =>
        new(s3?.Settings() ?? [])
        {
            ["DATA_PATH"] = app.DataPath,
            ["DATABASE_URL"] = app.DatabaseUrl,
        };

    private static void Age(FlusioApp app, S3Server? s3, string path)
    {
        if (s3 is null)
        {
            File.SetLastWriteTimeUtc(Path.Combine(app.DataPath, "media", path), DateTime.UtcNow.AddHours(-2));
        }
        else
        {
            s3.Age(path, TimeSpan.FromHours(2));
        }
    }

    private static async Task<List<string>> PathsAsync(IMediaStore store) =>
        [.. (await store.ListAsync(default).ToListAsync()).Select(m => m.Path).Order(StringComparer.Ordinal)];

    private static byte[] Card(int width) => Illustrations.ToCard(TestImages.Encoded(width, 300, SKEncodedImageFormat.Png)).Webp!;
}
