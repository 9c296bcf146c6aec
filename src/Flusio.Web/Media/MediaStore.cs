using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Flusio.Web.Configuration;

namespace Flusio.Web.Media;

/// <summary>A file of the media store: its path, size and when it was last written.</summary>
public sealed record StoredMedia(string Path, long Bytes, DateTimeOffset LastModified);

/// <summary>
/// Where media files (illustrations) are kept: content-addressed, so a file never changes
/// once written and a path names its bytes (<c>ab/&lt;sha256&gt;.webp</c>). The local folder
/// (<see cref="LocalMediaStore"/>) or an S3-compatible bucket (<see cref="S3MediaStore"/>),
/// chosen by <c>MEDIA_STORAGE_URL</c>. Only paths of that shape are ever opened, listed or deleted.
/// </summary>
public interface IMediaStore
{
    /// <summary>
    /// Stores <paramref name="content"/> (once: the same bytes give the same path) and returns its
    /// path. Storing bytes that are there already makes the file new again (its last-modified
    /// time), so that the clean-up of unreferenced files leaves it to the link about to use it.
    /// </summary>
    Task<string> PutAsync(byte[] content, string extension, CancellationToken cancellationToken);

    /// <summary>The file at <paramref name="path"/>, or null when there is none or the path is not one the store makes.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Every file the store made, in no promised order.</summary>
    IAsyncEnumerable<StoredMedia> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes the file at <paramref name="path"/> (nothing when there is none or the path is not one the store makes).</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);
}

/// <summary>The store could not be reached or refused a request (an S3 bucket that does not answer, a wrong key); the message says which.</summary>
public sealed class MediaStoreException(string message, Exception inner) : Exception(message, inner);

/// <summary>The one shape of media paths: <c>ab/&lt;sha256&gt;.webp</c>, <c>ab</c> the hash's first two characters.</summary>
public static partial class MediaPaths
{
    /// <summary>Whether <paramref name="path"/> is one the store makes (no "..", no separators of another kind, nothing else).</summary>
    public static bool IsMediaPath(string? path) =>
        path is not null && PathShape().IsMatch(path) && path.AsSpan(0, 2).SequenceEqual(path.AsSpan(3, 2));

    public static string Of(byte[] content, string extension)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        return $"{hash[..2]}/{hash}.{extension}";
    }

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{64}\\.webp$", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();
}

/// <summary>Media under <c>DATA_PATH/media</c>.</summary>
public sealed class LocalMediaStore(FlusioSettings settings) : IMediaStore
{
    private readonly string root = Path.Combine(settings.FullDataPath, "media");

    public async Task<string> PutAsync(byte[] content, string extension, CancellationToken cancellationToken)
    {
        var path = MediaPaths.Of(content, extension);
        var full = Path.Combine(root, path);
        if (File.Exists(full))
        {
            File.SetLastWriteTimeUtc(full, DateTime.UtcNow);
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside, then moved: a reader never sees half a file.
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, full, overwrite: true);
        return path;
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult<Stream?>(FullPath(path) is { } full && File.Exists(full) ? new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read) : null);

    public async IAsyncEnumerable<StoredMedia> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!MediaPaths.IsMediaPath(path))
                {
                    continue;
                }

                var info = new FileInfo(file);
                if (info.Exists)
                {
                    yield return new StoredMedia(path, info.Length, info.LastWriteTimeUtc);
                }
            }

            await Task.Yield();
        }
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (FullPath(path) is { } full)
        {
            File.Delete(full);
        }

        return Task.CompletedTask;
    }

    private string? FullPath(string path)
    {
        if (!MediaPaths.IsMediaPath(path))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
