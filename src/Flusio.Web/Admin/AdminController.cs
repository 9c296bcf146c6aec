using Flusio.Web.Configuration;
using Flusio.Web.Jobs;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Admin;

public sealed record AdminPage(AdminOverview.Page Overview, RegistrationMode Registration, Guid Me);

/// <summary>
/// /admin: the instance's figures, accounts (search, disable, enable, delete), feeds in
/// error, failed jobs (retry). Administrators only: anyone else signed in gets 404, as if
/// there were no such page.
/// </summary>
[Authorize]
[Route("/admin")]
public sealed class AdminController(AdminOverview overview, AccountAdministration accounts, JobQueue jobs, FlusioSettings settings) : FlusioController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return NotFound();
        }

        var page = await overview.ReadAsync(q?.Length > 100 ? q[..100] : q, cancellationToken);
        return View(new AdminPage(page, settings.Registration, User.UserId()!.Value));
    }

    [HttpPost("users/{id:guid}/disable")]
    public Task<IActionResult> Disable(Guid id, CancellationToken cancellationToken) =>
        OnOtherAccountAsync(id, () => accounts.DisableAsync(id, cancellationToken), T["The account is disabled: it cannot log in and its sessions are over."]);

    [HttpPost("users/{id:guid}/enable")]
    public Task<IActionResult> Enable(Guid id, CancellationToken cancellationToken) =>
        OnOtherAccountAsync(id, () => accounts.EnableAsync(id, cancellationToken), T["The account is enabled again."]);

    [HttpPost("users/{id:guid}/delete")]
    public async Task<IActionResult> Delete(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (User.IsAdmin() && !confirm)
        {
            FlashError(T["Tick the box to confirm the deletion."]);
            return Redirect("/admin#users");
        }

        return await OnOtherAccountAsync(id, () => accounts.DeleteAsync(id, cancellationToken), T["The account and all its data are deleted."]);
    }

    [HttpPost("jobs/{id:long}/retry")]
    public async Task<IActionResult> Retry(long id, CancellationToken cancellationToken)
    {
        if (!User.IsAdmin())
        {
            return NotFound();
        }

        if (!await jobs.RetryAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["The job runs again now."]);
        return Redirect("/admin#jobs");
    }

    /// <summary>An admin acts on another account; on their own, they use their settings.</summary>
    private async Task<IActionResult> OnOtherAccountAsync(Guid id, Func<Task<AccountAdministration.Outcome>> act, string done)
    {
        if (!User.IsAdmin())
        {
            return NotFound();
        }

        if (id == User.UserId())
        {
            FlashError(T["You cannot do this to your own account here."]);
            return Redirect("/admin#users");
        }

        if (await act() == AccountAdministration.Outcome.NotFound)
        {
            return NotFound();
        }

        Flash(done);
        return Redirect("/admin#users");
    }
}
