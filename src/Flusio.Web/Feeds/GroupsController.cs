using Flusio.Web.Shell;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Feeds;

/// <summary>The groups page: the user's groups and a form for a new one, with the name as typed and what is wrong with it.</summary>
public sealed record GroupsPage(IReadOnlyList<GroupSummary> Groups, string? Name, string? Error);

/// <summary>A group's form: its name as typed, and what is wrong with it.</summary>
public sealed record GroupForm(Guid Id, string? Name, string? Error);

/// <summary>The user's groups: list, create, rename, delete. Another user's group answers 404.</summary>
[Authorize]
public sealed class GroupsController(UserGroups groups) : FlusioController
{
    [HttpGet("/groups")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new GroupsPage(await groups.ListAsync(User.UserId()!.Value, cancellationToken), null, null));

    [HttpPost("/groups")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string? name, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        var (_, error) = await groups.CreateAsync(userId, name, cancellationToken);
        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", new GroupsPage(await groups.ListAsync(userId, cancellationToken), name, Describe(error.Value)));
        }

        Flash(T["Group created."]);
        return LocalRedirect("/groups");
    }

    [HttpGet("/groups/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        await groups.FindOwnAsync(User.UserId()!.Value, id, cancellationToken) is { } group
            ? View(new GroupForm(group.Id, group.Name, null))
            : NotFound();

    [HttpPost("/groups/{id:guid}/edit")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Rename(Guid id, string? name, CancellationToken cancellationToken)
    {
        var (found, error) = await groups.RenameAsync(User.UserId()!.Value, id, name, cancellationToken);
        if (!found)
        {
            return NotFound();
        }

        if (error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", new GroupForm(id, name, Describe(error.Value)));
        }

        Flash(T["Saved."]);
        return LocalRedirect("/groups");
    }

    /// <summary>The group goes; its collections and follows stay, in no group.</summary>
    [HttpPost("/groups/{id:guid}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (!await groups.DeleteAsync(User.UserId()!.Value, id, cancellationToken))
        {
            return NotFound();
        }

        Flash(T["Group deleted. Its collections and follows are kept, in no group."]);
        return LocalRedirect("/groups");
    }

    private string Describe(GroupError error) => error switch
    {
        GroupError.NameMissing => T["Give the group a name."],
        GroupError.NameTooLong => T["A group’s name has at most {0} characters.", UserGroups.MaxNameLength],
        _ => T["You already have a group of this name."],
    };
}
