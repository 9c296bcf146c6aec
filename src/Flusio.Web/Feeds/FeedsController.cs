using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Feeds;

/// <summary>Feeds page. Its content arrives with the features that fill it; for now, its empty state.</summary>
[Authorize]
public sealed class FeedsController : FlusioController
{
    [HttpGet("/feeds")]
    public IActionResult Index() => View();
}
