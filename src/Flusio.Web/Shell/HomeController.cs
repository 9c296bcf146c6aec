using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Shell;

public sealed class HomeController(TermsDocument terms) : FlusioController
{
    [HttpGet("/")]
    public IActionResult Index() => Redirect(User.Identity?.IsAuthenticated == true ? "/news" : "/login");

    [HttpGet("/terms")]
    public IActionResult Terms() => terms.Html is { } html ? View(model: html) : NotFound();

    [HttpGet("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int code)
    {
        ViewData["Code"] = code;
        return View();
    }
}
