using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flusio.Web.Api;

/// <summary>
/// What every controller of /api/v1 shares: bearer tokens only (write scope for changes), no
/// antiforgery (no cookie is accepted, so no request can be forged with one), CORS for any
/// origin, the per-token rate limit, JSON in and out, problem details for every error, and
/// ETags on reads.
/// </summary>
[ApiController]
[Authorize(Policy = ApiTokenAuthentication.Policy)]
[IgnoreAntiforgeryToken]
[EnableCors(ApiServices.CorsPolicy)]
[EnableRateLimiting(RateLimits.Api)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
public abstract class ApiController : ControllerBase
{
    protected Guid UserId => User.UserId()!.Value;

    /// <summary>
    /// A read's answer with a strong ETag (a hash of its bytes): 304 without a body when the
    /// client's If-None-Match already names it.
    /// </summary>
    protected IActionResult Read<T>(T body)
    {
        var options = HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var json = JsonSerializer.SerializeToUtf8Bytes(body, options);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(json), 0, 16) + "\"";
        Response.Headers.ETag = etag;
        Response.Headers.CacheControl = "private, no-cache";
        var asked = Request.Headers.IfNoneMatch.ToString();
        if (asked.Length > 0 && asked.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*" || t.Trim() == "W/" + etag))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return File(json, "application/json");
    }

    /// <summary>A 400 problem naming the field that is wrong and why; nothing was written.</summary>
    protected IActionResult Invalid(string field, string message)
    {
        ModelState.AddModelError(field, message);
        return ValidationProblem(ModelState);
    }

    /// <summary>A 404 problem: the id is not the caller's (or does not exist, which the caller cannot tell apart).</summary>
    protected IActionResult NotFoundProblem(string what) =>
        Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} of yours has this id.");

    /// <summary>The keyset position of a list's cursor (null for the first page), or the 400 problem of a cursor or limit that is wrong.</summary>
    protected IActionResult? CheckPage(string? cursor, int limit, out Reading.Cursor? after)
    {
        after = null;
        if (CheckLimit(limit) is { } wrong)
        {
            return Invalid("limit", wrong);
        }

        if (!ApiCursor.TryDecode(cursor, out var position) || (position is not null && (after = Reading.Cursor.Parse(position)) is null))
        {
            return Invalid("cursor", "Not a cursor of this list: pass the `next` of a page.");
        }

        return null;
    }

    /// <summary>The page size asked, or an error message when it is out of range.</summary>
    protected static string? CheckLimit(int limit) =>
        limit is < 1 or > ApiCursor.MaxLimit ? $"limit is from 1 to {ApiCursor.MaxLimit}." : null;
}

/// <summary>
/// The opaque cursors of the API's pages: base64url of the listing's keyset position
/// (listed at, id), so a page continues after the last item seen, and rows added meanwhile
/// (newer, so before it) neither repeat nor shift what follows.
/// </summary>
public static class ApiCursor
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;

    public static string? Encode(string? position) =>
        position is null ? null : Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(position));

    /// <summary>The position a cursor holds; null for none; false when it is not a cursor of ours.</summary>
    public static bool TryDecode(string? cursor, out string? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            position = Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor));
            return cursor.Length <= 200;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
