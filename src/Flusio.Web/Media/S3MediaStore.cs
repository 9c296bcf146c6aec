using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Flusio.Web.Configuration;

namespace Flusio.Web.Media;

/// <summary>
/// Media in an S3-compatible bucket (<c>MEDIA_STORAGE_URL=s3://…</c>), so that every web process
/// of an instance serves the same files. Reads go through the app (<c>/media/…</c>, the same
/// cache headers as the local folder): the bucket stays private and browsers see one origin.
/// </summary>
public sealed class S3MediaStore : IMediaStore, IDisposable
{
    private readonly S3MediaStorage storage;
    private readonly AmazonS3Client client;

    public S3MediaStore(S3MediaStorage storage)
    {
        this.storage = storage;
        var config = new AmazonS3Config
        {
            ForcePathStyle = storage.PathStyle,
            AuthenticationRegion = storage.Region,
            // Checksums only where the protocol requires them: many S3-compatible servers do not
            // know the trailing checksums the SDK would otherwise send with every upload.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 2,
        };
        if (storage.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(storage.Region);
        }

        client = new AmazonS3Client(new BasicAWSCredentials(storage.AccessKey, storage.SecretKey), config);
    }

    public async Task<string> PutAsync(byte[] content, string extension, CancellationToken cancellationToken)
    {
        var path = MediaPaths.Of(content, extension);
        // Put again when there already: the same bytes, a new last-modified time (see IMediaStore).
        using var body = new MemoryStream(content, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = storage.Bucket,
            Key = storage.Prefix + path,
            InputStream = body,
            ContentType = "image/webp",
            AutoCloseStream = false,
            // One signed body, not aws-chunked: not every S3-compatible server decodes chunks.
            UseChunkEncoding = false,
        }, cancellationToken);
        return path;
    }

    public async Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!MediaPaths.IsMediaPath(path))
        {
            return null;
        }

        try
        {
            var response = await client.GetObjectAsync(storage.Bucket, storage.Prefix + path, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<StoredMedia> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = storage.Bucket, Prefix = storage.Prefix };
        while (true)
        {
            var page = await Answered(() => client.ListObjectsV2Async(request, cancellationToken));
            foreach (var item in page.S3Objects ?? [])
            {
                var path = item.Key[storage.Prefix.Length..];
                if (MediaPaths.IsMediaPath(path))
                {
                    yield return new StoredMedia(path, item.Size ?? 0, item.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        if (MediaPaths.IsMediaPath(path))
        {
            await Answered(() => client.DeleteObjectAsync(storage.Bucket, storage.Prefix + path, cancellationToken));
        }
    }

    /// <summary>The bucket's answer, or a <see cref="MediaStoreException"/> saying in one line why there is none.</summary>
    private async Task<T> Answered<T>(Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            var code = (e as AmazonServiceException)?.ErrorCode is { Length: > 0 } c ? c + ": " : "";
            throw new MediaStoreException($"the media bucket {storage} did not answer: {code}{e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    public void Dispose() => client.Dispose();
}
