using Flusio.Feeds.Fetching;
using Flusio.Web.Configuration;
using SkiaSharp;

namespace Flusio.Web.Media;

/// <summary>An illustration made (its media path), or why not (a stable key, then detail).</summary>
public sealed record IllustrationResult(string? Path, string? Error);

/// <summary>
/// Makes a link's card illustration from a remote image: downloaded through a guarded fetcher
/// of its own (public addresses only, at most <see cref="MaxBytes"/>), its dimensions read from
/// the header before anything is decoded (at most <see cref="MaxPixels"/>), then resized and
/// cropped to <see cref="Width"/>×<see cref="Height"/> and stored as WebP in the media store.
/// Pages show only these copies, never the remote image.
/// </summary>
public sealed class Illustrations : IDisposable
{
    public const int Width = 600;
    public const int Height = 315;
    public const long MaxBytes = 5 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int Quality = 80;

    /// <summary>Error keys (the start of <see cref="IllustrationResult.Error"/>), besides the fetcher's error kinds.</summary>
    public const string NotAnImage = "NotAnImage";
    public const string TooManyPixels = "TooManyPixels";

    private readonly IMediaStore store;
    private readonly HttpFetcher fetcher;

    public Illustrations(IMediaStore store, FlusioSettings settings)
    {
        this.store = store;
        fetcher = new HttpFetcher(new FetcherOptions
        {
            BaseUrl = settings.BaseUrl,
            AllowPrivateNetworks = settings.FetchAllowPrivateNetworks,
            MaxBodyBytes = MaxBytes,
        });
    }

    public async Task<IllustrationResult> FromUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        FetchResult result;
        try
        {
            result = await fetcher.FetchAsync(url, FetchRequest.Page, cancellationToken);
        }
        catch (FetchException e)
        {
            return new IllustrationResult(null, $"{e.Kind}: {e.Detail}");
        }

        return await FromBytesAsync(result.Body, cancellationToken);
    }

    public async Task<IllustrationResult> FromBytesAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.LongLength > MaxBytes)
        {
            return new IllustrationResult(null, $"{FetchErrorKind.TooLarge}: {body.LongLength} bytes");
        }

        var (webp, error) = ToCard(body);
        return webp is null ? new IllustrationResult(null, error) : new IllustrationResult(await store.PutAsync(webp, "webp", cancellationToken), null);
    }

    /// <summary>The card-sized WebP of an image, or why there is none.</summary>
    public static (byte[]? Webp, string? Error) ToCard(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var data = SKData.CreateCopy(body);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return (null, $"{NotAnImage}: not a format that can be decoded");
        }

        // Read from the header: nothing is decoded yet.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            return (null, $"{NotAnImage}: no dimensions");
        }

        if ((long)width * height > MaxPixels)
        {
            return (null, $"{TooManyPixels}: {width}×{height}");
        }

        using var bitmap = SKBitmap.Decode(codec, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (bitmap is null)
        {
            return (null, $"{NotAnImage}: the image could not be decoded");
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.DrawImage(image, Cover(width, height), new SKRect(0, 0, Width, Height), new SKSamplingOptions(SKCubicResampler.Mitchell), null);
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Webp, Quality);
        return encoded is null ? (null, $"{NotAnImage}: could not be encoded") : (encoded.ToArray(), null);
    }

    // The largest centred part of the image with the card's proportions.
    private static SKRect Cover(int width, int height)
    {
        var card = (double)Width / Height;
        if ((double)width / height > card)
        {
            var kept = (float)(height * card);
            var left = (width - kept) / 2;
            return new SKRect(left, 0, left + kept, height);
        }

        var keptHeight = (float)(width / card);
        var top = (height - keptHeight) / 2;
        return new SKRect(0, top, width, top + keptHeight);
    }

    public void Dispose() => fetcher.Dispose();
}
