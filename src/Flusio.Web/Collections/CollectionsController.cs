using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>Collections page. Its content arrives with the features that fill it; for now, its empty state.</summary>
[Authorize]
public sealed class CollectionsController : FlusioController
{
    [HttpGet("/collections")]
    public IActionResult Index() => View();
}
