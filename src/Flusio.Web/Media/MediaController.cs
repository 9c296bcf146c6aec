using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Media;

/// <summary>Media files for everyone: their paths are content hashes, unguessable and never changing.</summary>
[AllowAnonymous]
public sealed class MediaController(IMediaStore store) : Controller
{
    [HttpGet("/media/{**path}")]
    public async Task<IActionResult> Show(string? path, CancellationToken cancellationToken)
    {
        if (path is null || await store.OpenReadAsync(path, cancellationToken) is not { } stream)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return File(stream, "image/webp");
    }
}
