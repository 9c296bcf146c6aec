using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Flusio.Web.Reading;
using Flusio.Web.Shell;
using Flusio.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Flusio.Web.Collections;

/// <summary>A collection's form, as typed, with the message of what is wrong with it.</summary>
public sealed record CollectionFormPage(Guid? Id, string? Name, string? Description, bool IsPublic, CollectionError? Error, string? Message)
{
    /// <summary>The owner's groups to choose from, and the chosen one.</summary>
    public IReadOnlyList<GroupSummary> Groups { get; init; } = [];

    public Guid? GroupId { get; init; }

    /// <summary>The instance's topics to choose from, and the chosen ones.</summary>
    public IReadOnlyList<TopicSummary> Topics { get; init; } = [];

    public IReadOnlyCollection<Guid> ChosenTopics { get; init; } = [];
}

/// <summary>The user's collections by group, and those shared with them.</summary>
public sealed record CollectionsIndexPage(IReadOnlyList<CollectionSummary> Own, IReadOnlyList<CollectionSummary> Shared);

/// <summary>A collection's page: its name, rendered description, links, and what the viewer is to it.</summary>
public sealed record CollectionPage(Collection Collection, IHtmlContent Description, CollectionRole Role, LinkListPage Links)
{
    public bool IsOwner => Role == CollectionRole.Owner;

    /// <summary>A signed-in viewer who is not the owner may follow it: their follow (or null) and their groups to file it under.</summary>
    public bool CanFollow { get; init; }

    public CollectionFollow? Follow { get; init; }

    public IReadOnlyList<GroupSummary> Groups { get; init; } = [];

    /// <summary>For visitors: the notes of the page's links that are theirs to read, rendered, by link.</summary>
    public ILookup<Guid, IHtmlContent> Notes { get; init; } = Array.Empty<IHtmlContent>().ToLookup(_ => Guid.Empty);
}

/// <summary>
/// The user's collections: list, create, edit, delete, and a collection's page, which
/// anyone may read when it is public, and the users it is shared with when private. Rights
/// come from <see cref="UserCollections.RoleAsync"/>: a shared user on the owner's routes
/// is refused (403); anyone else who may not see the collection finds nothing (404).
/// </summary>
[Authorize]
public sealed class CollectionsController(UserCollections collections, LinkListing listing, DescriptionRenderer descriptions, LinkNotes notes, TopicStore topics, UserGroups groups, CollectionFollowing following) : FlusioController
{
    [HttpGet("/collections")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        return View(new CollectionsIndexPage(await collections.ListAsync(userId, cancellationToken), await collections.SharedWithAsync(userId, cancellationToken)));
    }

    [HttpGet("/collections/new")]
    public async Task<IActionResult> New(CancellationToken cancellationToken) =>
        View("Form", await WithChoicesAsync(new CollectionFormPage(null, null, null, false, null, null), cancellationToken));

    [HttpPost("/collections/new")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(string? name, string? description, bool isPublic, Guid[]? topicIds, Guid? groupId, CancellationToken cancellationToken)
    {
        var input = new CollectionInput(name, description, isPublic) { TopicIds = topicIds ?? [], GroupId = groupId };
        var (id, error) = await collections.CreateAsync(User.UserId()!.Value, input, cancellationToken);
        if (error is not null)
        {
            return await InvalidAsync(new CollectionFormPage(null, name, description, isPublic, error, Describe(error.Value)) { ChosenTopics = topicIds ?? [], GroupId = groupId }, cancellationToken);
        }

        Flash(T["Collection created."]);
        return LocalRedirect($"/collections/{id}");
    }

    [AllowAnonymous]
    [HttpGet("/collections/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, string? after, CancellationToken cancellationToken)
    {
        var viewer = User.UserId();
        if (await collections.FindVisibleAsync(viewer, id, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        var (collection, role) = found;

        // Others never see the owner's hidden links.
        var isOwner = role == CollectionRole.Owner;
        var page = isOwner
            ? await listing.ListCollectionAsync(id, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken)
            : await listing.ListCollectionForOthersAsync(id, Cursor.Parse(after), LinkListing.DefaultPageSize, cancellationToken);
        var path = $"/collections/{id}" + (after is null ? "" : "?after=" + Uri.EscapeDataString(after));
        var links = new LinkListPage(collection.Name!, "collections", null, page, path,
            T["No links in this collection yet"], T["Add links to it from “Add a link” or from a link’s collections."])
        {
            RemovableFrom = role >= CollectionRole.SharedWrite ? collection.Id : null,
        };
        // A visitor reads the owner's notes of the links shown (never of a hidden link).
        var shownNotes = isOwner
            ? []
            : (await notes.PublicOfLinksAsync([.. page.Items.Select(i => i.Id)], cancellationToken))
                .SelectMany(g => g.Select(n => (g.Key, Html: descriptions.Render(n.Content)))).ToList();
        var canFollow = viewer is not null && !isOwner;
        return View(new CollectionPage(collection, descriptions.Render(collection.Description), role, links)
        {
            Notes = shownNotes.ToLookup(n => n.Key, n => n.Html),
            CanFollow = canFollow,
            Follow = canFollow ? await following.FollowOfAsync(viewer!.Value, id, cancellationToken) : null,
            Groups = canFollow ? await groups.ListAsync(viewer!.Value, cancellationToken) : [],
        });
    }

    [HttpGet("/collections/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken) =>
        await collections.FindOwnAsync(User.UserId()!.Value, id, cancellationToken) is { } c
            ? View("Form", await WithChoicesAsync(new CollectionFormPage(c.Id, c.Name, c.Description, c.IsPublic, null, null) { GroupId = c.GroupId }, cancellationToken))
            : await RefusedAsync(id, cancellationToken);

    [HttpPost("/collections/{id:guid}/edit")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Update(Guid id, string? name, string? description, bool isPublic, Guid[]? topicIds, Guid? groupId, CancellationToken cancellationToken)
    {
        var input = new CollectionInput(name, description, isPublic) { TopicIds = topicIds ?? [], GroupId = groupId };
        var (found, error) = await collections.UpdateAsync(User.UserId()!.Value, id, input, cancellationToken);
        if (!found)
        {
            return await RefusedAsync(id, cancellationToken);
        }

        if (error is not null)
        {
            return await InvalidAsync(new CollectionFormPage(id, name, description, isPublic, error, Describe(error.Value)) { ChosenTopics = topicIds ?? [], GroupId = groupId }, cancellationToken);
        }

        Flash(T["Saved."]);
        return LocalRedirect($"/collections/{id}");
    }

    /// <summary>Deletes only when the confirmation box is ticked; the links stay in the account.</summary>
    [HttpPost("/collections/{id:guid}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        var userId = User.UserId()!.Value;
        if (!confirm)
        {
            if (await collections.FindOwnAsync(userId, id, cancellationToken) is not { } c)
            {
                return await RefusedAsync(id, cancellationToken);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            ViewData["DeleteError"] = T["Tick the box to confirm that this collection is to be deleted."].Value;
            return View("Form", await WithChoicesAsync(new CollectionFormPage(c.Id, c.Name, c.Description, c.IsPublic, null, null) { GroupId = c.GroupId }, cancellationToken));
        }

        if (!await collections.DeleteAsync(userId, id, cancellationToken))
        {
            return await RefusedAsync(id, cancellationToken);
        }

        Flash(T["Collection deleted. Its links are still in your account."]);
        return LocalRedirect("/collections");
    }

    [HttpPost("/collections/{id:guid}/links")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> AddLink(Guid id, Guid linkId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (Answer(await collections.AddLinkAsync(User.UserId()!.Value, id, linkId, cancellationToken)) is { } refused)
        {
            return refused;
        }

        Flash(T["Added to the collection."]);
        return RedirectToLocal(returnUrl, $"/collections/{id}");
    }

    [HttpPost("/collections/{id:guid}/links/{linkId:guid}/remove")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> RemoveLink(Guid id, Guid linkId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (Answer(await collections.RemoveLinkAsync(User.UserId()!.Value, id, linkId, cancellationToken)) is { } refused)
        {
            return refused;
        }

        Flash(T["Removed from the collection."]);
        return RedirectToLocal(returnUrl, $"/collections/{id}");
    }

    private async Task<ViewResult> InvalidAsync(CollectionFormPage form, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Form", form with { Topics = await topics.ListAsync(cancellationToken), Groups = await groups.ListAsync(User.UserId()!.Value, cancellationToken) });
    }

    /// <summary>The form with the instance's topics and those the collection has, and the owner's groups.</summary>
    private async Task<CollectionFormPage> WithChoicesAsync(CollectionFormPage form, CancellationToken cancellationToken) => form with
    {
        Topics = await topics.ListAsync(cancellationToken),
        ChosenTopics = form.Id is { } id ? await topics.OfCollectionAsync(id, cancellationToken) : [],
        Groups = await groups.ListAsync(User.UserId()!.Value, cancellationToken),
    };

    /// <summary>An owner's route asked by someone else: 403 for a shared user, 404 for anyone else.</summary>
    private async Task<IActionResult> RefusedAsync(Guid id, CancellationToken cancellationToken) =>
        Answer(UserCollections.Allows((await collections.RoleAsync(User.UserId(), id, cancellationToken))?.Role ?? CollectionRole.None, CollectionRole.Owner))
        ?? NotFound();

    private StatusCodeResult? Answer(CollectionChange change) => change switch
    {
        CollectionChange.Done => null,
        CollectionChange.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => NotFound(),
    };

    private string Describe(CollectionError error) => error switch
    {
        CollectionError.NameMissing => T["Give the collection a name."],
        CollectionError.NameTooLong => T["A collection’s name has at most {0} characters.", Collection.MaxNameLength],
        CollectionError.UnknownTopic => T["Choose topics from the list."],
        CollectionError.UnknownGroup => T["Choose a group from the list."],
        _ => T["A description has at most {0} characters.", Collection.MaxDescriptionLength],
    };
}
