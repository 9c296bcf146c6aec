using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.News;

/// <summary>News page. Its content arrives with the features that fill it; for now, its empty state.</summary>
[Authorize]
public sealed class NewsController : FlusioController
{
    [HttpGet("/news")]
    public IActionResult Index() => View();
}
