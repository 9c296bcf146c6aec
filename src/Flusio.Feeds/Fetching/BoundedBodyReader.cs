namespace Flusio.Feeds.Fetching;

/// <summary>
/// Reads a (decompressed) body stream into memory, failing as soon as it grows past the cap.
/// The buffer never grows beyond the cap, whatever the server announces or sends.
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialSize = 16 * 1024;

    // An announced length is trusted only this far up front; beyond it the buffer grows as bytes arrive.
    private const int MaxUpfrontSize = 1024 * 1024;

    public static async Task<byte[]> ReadAsync(Stream stream, long? announcedLength, long cap, CancellationToken cancellationToken)
    {
        if (announcedLength > cap)
        {
            throw TooLarge(cap);
        }

        var buffer = new byte[(int)Math.Min(cap, Math.Min(announcedLength ?? InitialSize, MaxUpfrontSize))];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= cap)
                {
                    // Full at the cap: one more byte means too large.
                    var probe = new byte[1];
                    if (await stream.ReadAsync(probe, cancellationToken) > 0)
                    {
                        throw TooLarge(cap);
                    }

                    return buffer;
                }

                Array.Resize(ref buffer, (int)Math.Min(cap, Math.Max(InitialSize, (long)buffer.Length * 2)));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return length == buffer.Length ? buffer : buffer[..length];
            }

            length += read;
        }
    }

    private static FetchException TooLarge(long cap) =>
        new(FetchErrorKind.TooLarge, $"body larger than {cap} bytes");
}
