using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>Read later page. Its content arrives with the features that fill it; for now, its empty state.</summary>
[Authorize]
public sealed class ReadLaterController : FlusioController
{
    [HttpGet("/read-later")]
    public IActionResult Index() => View();
}
