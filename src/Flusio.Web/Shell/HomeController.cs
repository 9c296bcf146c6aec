using Flusio.Web.Configuration;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Shell;

public sealed record HomePage(RegistrationMode Registration);

/// <summary>The public home page, the terms, and the error pages.</summary>
public sealed class HomeController(TermsDocument terms, FlusioSettings settings) : FlusioController
{
    /// <summary>Signed in, the day starts with the news; otherwise, what this instance is.</summary>
    [HttpGet("/")]
    public IActionResult Index() =>
        User.Identity?.IsAuthenticated == true ? Redirect("/news") : View(new HomePage(settings.Registration));

    [HttpGet("/terms")]
    public IActionResult Terms() => terms.Html is { } html ? View(model: html) : NotFound();

    // Any method: error pages are re-executed with the failed request's method (a POST's 400 or 404).
    [Route("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int code)
    {
        // An error page keeps its status: /error/500 asked directly is a 500, not a 200.
        code = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = code;
        ViewData["Code"] = code;
        return View();
    }
}
