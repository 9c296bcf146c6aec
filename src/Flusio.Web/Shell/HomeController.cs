using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Shell;

public sealed class HomeController(TermsDocument terms) : FlusioController
{
    [HttpGet("/")]
    public IActionResult Index() => Redirect(User.Identity?.IsAuthenticated == true ? "/news" : "/login");

    [HttpGet("/terms")]
    public IActionResult Terms() => terms.Html is { } html ? View(model: html) : NotFound();

    // Any method: error pages are re-executed with the failed request's method (a POST's 400 or 404).
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int code)
    {
        ViewData["Code"] = code;
        return View();
    }
}
