using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Flusio.Web.Configuration;

namespace Flusio.Web.Media;

/// <summary>
/// Where media files (illustrations) are kept: content-addressed, so a file never changes
/// once written and a path names its bytes (<c>ab/&lt;sha256&gt;.webp</c>). The local folder
/// is the only implementation for now; an S3 one can come behind the same interface.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores <paramref name="content"/> (once: the same bytes give the same path) and returns its path.</summary>
    Task<string> PutAsync(byte[] content, string extension, CancellationToken cancellationToken);

    /// <summary>The file at <paramref name="path"/>, or null when there is none or the path is not one the store makes.</summary>
    Stream? OpenRead(string path);
}

/// <summary>Media under <c>DATA_PATH/media</c>.</summary>
public sealed partial class LocalMediaStore(FlusioSettings settings) : IMediaStore
{
    private readonly string root = Path.Combine(settings.FullDataPath, "media");

    /// <summary>The shape of every path the store makes: nothing else is ever opened (no "..", no separators of another kind).</summary>
    public static bool IsMediaPath(string? path) =>
        path is not null && PathShape().IsMatch(path) && path.AsSpan(0, 2).SequenceEqual(path.AsSpan(3, 2));

    public static string PathOf(byte[] content, string extension)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        return $"{hash[..2]}/{hash}.{extension}";
    }

    public async Task<string> PutAsync(byte[] content, string extension, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(content, extension);
        var full = Path.Combine(root, path);
        if (File.Exists(full))
        {
            return path;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside, then moved: a reader never sees half a file.
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, full, overwrite: true);
        return path;
    }

    public Stream? OpenRead(string path)
    {
        if (!IsMediaPath(path))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        return new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{64}\\.webp$", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();
}
