using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Feeds;
using Flusio.Web.Links;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Security;

/// <summary>
/// Who gets what from every route that reads or changes a link, collection, note, group,
/// follow or share. The routes come from the app's own route table: a new route under one of
/// those paths without a row here fails <see cref="Every_route_of_users_things_has_a_row"/>.
/// Each cell runs on a world of its own (the owner's collections, links, feed), so a change
/// made by one cell cannot answer for another.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    /// <summary>The first path segments of the routes of users' things.</summary>
    private static readonly string[] Guarded = ["collections", "links", "notes", "groups", "feeds", "follows", "news", "read-later", "read", "p", "discovery", "media", "shares"];

    private FlusioApp app => fixture.App;

    private Dictionary<Role, TestBrowser> browsers => fixture.Browsers;

    private Dictionary<Role, Guid> users => fixture.Users;

    /// <summary>The owner of the world's things; users the private collection is shared with, to read and to write; anyone else signed in; nobody.</summary>
    public enum Role { Owner, SharedWrite, SharedRead, Other, Anonymous }

    /// <summary>The answers that matter for rights: the action ran (200, a redirect elsewhere than the login, a 422 of its form), or it was refused.</summary>
    public enum Answer { Ok, Done, Login, Forbidden, NotFound }

    /// <summary>
    /// One row: a route (as the route table writes it), the path and form of a request to it in a
    /// world, and the answer for each role. <paramref name="Case"/> tells rows of one route apart.
    /// </summary>
    public sealed record Row(string Method, string Route, string Case, Func<World, string> Path, Func<World, (string Name, string Value)[]>? Form, Answer Owner, Answer Other, Answer Anonymous, Answer SharedRead, Answer SharedWrite)
    {
        public Answer For(Role role) => role switch
        {
            Role.Owner => Owner,
            Role.SharedWrite => SharedWrite,
            Role.SharedRead => SharedRead,
            Role.Other => Other,
            _ => Anonymous,
        };

        public override string ToString() => $"{Method} {Route} ({Case})";
    }

    /// <summary>What one cell acts on: the owner's things, made fresh for the cell, the private collection shared with the reader and the writer, a link of the writer's.</summary>
    public sealed record World(Guid Private, Guid Public, Guid Link, Guid OtherLink, Guid Feed, Guid Entry, Guid Import, Guid Note, Guid Topic, string Owner)
    {
        public Guid Group { get; init; }

        public Guid Reader { get; init; }

        public Guid WriterLink { get; init; }

        public string OtherName { get; init; } = "";
    }

    private static (string, string)[] NoForm(World w) => [];

    /// <summary>
    /// The matrix: owner, other, anonymous, then the users the private collection is shared
    /// with, to read and to write (outside that collection they are others like any). Signed-in
    /// pages of one's own lists answer anyone signed in; ids of someone else's things answer 404
    /// (they reveal nothing).
    /// </summary>
    public static readonly Row[] Rows =
    [
        // Collections.
        new("GET", "/collections", "own list", _ => "/collections", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/collections/new", "form", _ => "/collections/new", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/collections/new", "create", _ => "/collections/new", _ => [("name", "Made by the matrix")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        // A collection's page opens to anonymous visitors when public: a private one is not found (not "log in"), so its id reveals nothing.
        new("GET", "/collections/{id:guid}", "private", w => $"/collections/{w.Private}", null, Answer.Ok, Answer.NotFound, Answer.NotFound, Answer.Ok, Answer.Ok),
        new("GET", "/collections/{id:guid}", "public", w => $"/collections/{w.Public}", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/collections/{id:guid}/edit", "private", w => $"/collections/{w.Private}/edit", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("GET", "/collections/{id:guid}/edit", "public", w => $"/collections/{w.Public}/edit", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/collections/{id:guid}/edit", "public", w => $"/collections/{w.Public}/edit", _ => [("name", "Renamed")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/collections/{id:guid}/delete", "public", w => $"/collections/{w.Public}/delete", _ => [("confirm", "true")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/collections/{id:guid}/links", "own link", w => $"/collections/{w.Public}/links", w => [("linkId", w.OtherLink.ToString())], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/collections/{id:guid}/links/{linkId:guid}/remove", "public", w => $"/collections/{w.Public}/links/{w.Link}/remove", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        // Shared users (on the private collection): they read it; a writer adds and removes links; the owner's routes refuse them (403), never 404.
        new("POST", "/collections/{id:guid}/edit", "private", w => $"/collections/{w.Private}/edit", _ => [("name", "Renamed")], Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("POST", "/collections/{id:guid}/delete", "private", w => $"/collections/{w.Private}/delete", _ => [("confirm", "true")], Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("POST", "/collections/{id:guid}/links", "the writer's link", w => $"/collections/{w.Private}/links", w => [("linkId", w.WriterLink.ToString())], Answer.NotFound, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Done),
        new("POST", "/collections/{id:guid}/links/{linkId:guid}/remove", "private", w => $"/collections/{w.Private}/links/{w.Link}/remove", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Done),
        // Following a collection one may see; one's own answers with a message and follows nothing.
        new("POST", "/collections/{id:guid}/follow", "public", w => $"/collections/{w.Public}/follow", _ => [("timeFilter", "All")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("POST", "/collections/{id:guid}/follow", "private", w => $"/collections/{w.Private}/follow", _ => [("timeFilter", "All")], Answer.Done, Answer.NotFound, Answer.Login, Answer.Done, Answer.Done),
        new("POST", "/collections/{id:guid}/unfollow", "public", w => $"/collections/{w.Public}/unfollow", null, Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("POST", "/collections/{id:guid}/unfollow", "private", w => $"/collections/{w.Private}/unfollow", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.Done, Answer.Done),
        // Shares: the owner's alone.
        new("GET", "/collections/{id:guid}/shares", "private", w => $"/collections/{w.Private}/shares", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("GET", "/collections/{id:guid}/shares", "public", w => $"/collections/{w.Public}/shares", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/collections/{id:guid}/shares", "private", w => $"/collections/{w.Private}/shares", w => [("userName", w.OtherName), ("canWrite", "true")], Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("POST", "/collections/{id:guid}/shares/{userId:guid}", "the reader's share", w => $"/collections/{w.Private}/shares/{w.Reader}", _ => [("canWrite", "true")], Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),
        new("POST", "/collections/{id:guid}/shares/{userId:guid}/delete", "the reader's share", w => $"/collections/{w.Private}/shares/{w.Reader}/delete", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.Forbidden, Answer.Forbidden),

        // Groups: one's own.
        new("GET", "/groups", "own list", _ => "/groups", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/groups", "create", _ => "/groups", _ => [("name", "Made by the matrix")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("GET", "/groups/{id:guid}/edit", "the owner's group", w => $"/groups/{w.Group}/edit", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/groups/{id:guid}/edit", "the owner's group", w => $"/groups/{w.Group}/edit", _ => [("name", "Renamed")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/groups/{id:guid}/delete", "the owner's group", w => $"/groups/{w.Group}/delete", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),

        // Links.
        new("GET", "/links", "own list", _ => "/links", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/links/new", "form", _ => "/links/new", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/links/new", "save", _ => "/links/new", _ => [("url", "https://example.org/matrix")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("GET", "/links/{id:guid}", "a user's link", w => $"/links/{w.Link}", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("GET", "/links/{id:guid}", "a feed's entry", w => $"/links/{w.Entry}", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/links/{id:guid}/collections", "a user's link", w => $"/links/{w.Link}/collections", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        // A link's metadata and repair: its owner's only.
        new("GET", "/links/{id:guid}/metadata", "a user's link", w => $"/links/{w.Link}/metadata", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("GET", "/links/{id:guid}/metadata", "a feed's entry", w => $"/links/{w.Entry}/metadata", null, Answer.NotFound, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("GET", "/links/{id:guid}/repair", "a user's link", w => $"/links/{w.Link}/repair", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/links/{id:guid}/repair", "a user's link", w => $"/links/{w.Link}/repair", _ => [("title", "Repaired"), ("readingMinutes", "4")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        // Media paths are content hashes, for everyone alike; one the store never made is not found.
        new("GET", "/media/{**path}", "absent file", _ => "/media/00/" + new string('0', 64) + ".webp", null, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound),
        new("POST", "/links/{id:guid}/{verb:regex(^(read|later|dismiss)$)}", "a user's link", w => $"/links/{w.Link}/later", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/links/{id:guid}/{verb:regex(^(read|later|dismiss)$)}", "a feed's entry", w => $"/links/{w.Entry}/read", null, Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("POST", "/links/bulk", "a user's link", _ => "/links/bulk", w => [("ids", w.Link.ToString()), ("action", "read")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),

        // Reading lists.
        new("GET", "/news", "own list", _ => "/news", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/news", "fill", _ => "/news", null, Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("GET", "/read-later", "own list", _ => "/read-later", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/read", "own list", _ => "/read", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),

        // Feeds and their follows: feeds are instance-wide, a follow is the user's.
        new("GET", "/feeds", "own follows", _ => "/feeds", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/feeds/new", "form", _ => "/feeds/new", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/feeds/new", "no URL", _ => "/feeds/new", _ => [("url", "")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("POST", "/feeds/follow", "no URL", _ => "/feeds/follow", _ => [("feedUrl", "")], Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("GET", "/feeds/{id:guid}", "followed by the owner", w => $"/feeds/{w.Feed}", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/feeds/{id:guid}/unfollow", "followed by the owner", w => $"/feeds/{w.Feed}/unfollow", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/feeds/{id:guid}/settings", "followed by the owner", w => $"/feeds/{w.Feed}/settings", _ => [("timeFilter", "All")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("GET", "/feeds/opml", "own follows", _ => "/feeds/opml", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("GET", "/feeds/import", "form", _ => "/feeds/import", null, Answer.Ok, Answer.Ok, Answer.Login, Answer.Ok, Answer.Ok),
        new("POST", "/feeds/import", "no file", _ => "/feeds/import", NoForm, Answer.Done, Answer.Done, Answer.Login, Answer.Done, Answer.Done),
        new("GET", "/feeds/import/{id:guid}", "the owner's import", w => $"/feeds/import/{w.Import}", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        // Notes: written on one's own links (a feed's entry is copied first), changed by their author only.
        new("POST", "/links/{id:guid}/notes", "a user's link", w => $"/links/{w.Link}/notes", _ => [("content", "A note")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("GET", "/notes/{id:guid}/edit", "the owner's note", w => $"/notes/{w.Note}/edit", null, Answer.Ok, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/notes/{id:guid}/edit", "the owner's note", w => $"/notes/{w.Note}/edit", _ => [("content", "Edited")], Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),
        new("POST", "/notes/{id:guid}/delete", "the owner's note", w => $"/notes/{w.Note}/delete", null, Answer.Done, Answer.NotFound, Answer.Login, Answer.NotFound, Answer.NotFound),

        // Publishing: public things open to anyone, private ones not found by anyone (their owner included, for feeds).
        new("GET", "/collections/{id:guid}/feed.atom.xml", "public", w => $"/collections/{w.Public}/feed.atom.xml", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/collections/{id:guid}/feed.atom.xml", "private", w => $"/collections/{w.Private}/feed.atom.xml", null, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound),
        new("GET", "/collections/{id:guid}/links/{linkId:guid}", "public", w => $"/collections/{w.Public}/links/{w.Link}", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/collections/{id:guid}/links/{linkId:guid}", "private", w => $"/collections/{w.Private}/links/{w.Link}", null, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound),
        new("GET", "/links/{id:guid}/feed.atom.xml", "a link of a public collection", w => $"/links/{w.Link}/feed.atom.xml", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/links/{id:guid}/feed.atom.xml", "a link of no public collection", w => $"/links/{w.OtherLink}/feed.atom.xml", null, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound, Answer.NotFound),
        new("GET", "/p/{userName}", "the owner's profile", w => $"/p/{w.Owner}", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/p/{userName}/feed.atom.xml", "the owner's profile", w => $"/p/{w.Owner}/feed.atom.xml", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/p/{userName}/opml.xml", "the owner's profile", w => $"/p/{w.Owner}/opml.xml", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/discovery", "topics", _ => "/discovery", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
        new("GET", "/discovery/{topicId:guid}", "a topic", w => $"/discovery/{w.Topic}", null, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok, Answer.Ok),
    ];

    [Fact]
    public void Every_route_of_users_things_has_a_row()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && Guarded.Contains(raw.TrimStart('/').Split('/')[0]))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {"/" + e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct().ToList();
        Assert.NotEmpty(routes);
        var covered = Rows.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        var missing = routes.Where(r => !covered.Contains(r)).Order().ToList();
        Assert.True(missing.Count == 0, "Routes without a row in the authorization matrix:\n" + string.Join("\n", missing));
        var stale = covered.Where(r => !routes.Contains(r)).Order().ToList();
        Assert.True(stale.Count == 0, "Rows of routes the app no longer has:\n" + string.Join("\n", stale));
    }

    public static TheoryData<string> Cases() => new(Rows.Select(r => r.ToString()));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_its_answer(string @case)
    {
        var row = Rows.Single(r => r.ToString() == @case);
        var failures = new List<string>();
        foreach (var role in new[] { Role.Anonymous, Role.Other, Role.SharedRead, Role.SharedWrite, Role.Owner })
        {
            var world = await WorldAsync();
            var answer = await AskAsync(role, row, world);
            if (answer != row.For(role))
            {
                failures.Add($"{role}: expected {row.For(role)}, got {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{row}:\n" + string.Join("\n", failures));
    }

    private async Task<Answer> AskAsync(Role role, Row row, World world)
    {
        var browser = browsers[role];
        var path = row.Path(world);
        TestBrowser.Page page;
        if (row.Method == "GET")
        {
            page = await browser.GetAsync(path);
        }
        else
        {
            // The token of a page the role may open, as a browser of that role would hold.
            var token = (await browser.GetAsync(role == Role.Anonymous ? "/login" : "/collections")).AntiforgeryToken;
            var fields = (row.Form ?? NoForm)(world).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
            fields.Add(new("__RequestVerificationToken", token ?? ""));
            using var response = await browser.Client.PostAsync(path, new FormUrlEncodedContent(fields));
            page = await TestBrowser.Page.ReadAsync(response);
        }

        var status = (int)page.Status;
        var location = page.Location is null ? "" : page.Location.IsAbsoluteUri ? page.Location.AbsolutePath : page.Location.OriginalString;
        return status switch
        {
            // A POST that answers its page (200), nothing (204) or its form with a message (422) ran.
            200 when row.Method == "GET" => Answer.Ok,
            200 or 204 or 422 => Answer.Done,
            >= 300 and < 400 when location.StartsWith("/login", StringComparison.Ordinal) => Answer.Login,
            >= 300 and < 400 => Answer.Done,
            403 => Answer.Forbidden,
            404 => Answer.NotFound,
            // 400 is a refused antiforgery token or a malformed request: the row is wrong, not the rights.
            _ => throw new InvalidOperationException($"{role} {row}: unexpected {status} {location}"),
        };
    }

    /// <summary>The owner's things for one cell: a private collection (shared to read and to write) and a public one holding a link, a second link, a followed feed with an entry, an OPML import, a group; a link of the writer's.</summary>
    private Task<World> WorldAsync() => app.WithDbAsync(async db =>
    {
        var owner = users[Role.Owner];
        var now = DateTimeOffset.UtcNow;
        Collection Collection(bool isPublic) => new() { Id = Guid.CreateVersion7(now), UserId = owner, Kind = CollectionKind.Collection, Name = isPublic ? "Public" : "Private", IsPublic = isPublic, CreatedAt = now, UpdatedAt = now };
        Link UserLink(string url) => new() { Id = Guid.CreateVersion7(now), UserId = owner, Url = url, UrlHash = UrlHash.Of(url), Title = url, PublishedAt = now, CreatedAt = now };
        var suffix = Guid.NewGuid().ToString("N");
        var (priv, pub) = (Collection(false), Collection(true));
        var (link, other) = (UserLink($"https://example.org/{suffix}/a"), UserLink($"https://example.org/{suffix}/b"));
        var feedUrl = $"https://feeds.example.org/{suffix}.xml";
        var feed = new Feed { Id = Guid.CreateVersion7(now), Url = feedUrl, UrlHash = UrlHash.Of(feedUrl), Host = "feeds.example.org", Title = "A feed", CreatedAt = now, NextCheckAt = now.AddDays(1) };
        var entry = new Link { Id = Guid.CreateVersion7(now), FeedId = feed.Id, EntryKey = suffix[..32], Url = $"https://feeds.example.org/{suffix}/1", UrlHash = UrlHash.Of($"https://feeds.example.org/{suffix}/1"), Title = "An entry", PublishedAt = now, CreatedAt = now };
        var import = new OpmlImport { Id = Guid.CreateVersion7(now), UserId = owner, CreatedAt = now, Total = 0 };
        var note = new Note { Id = Guid.CreateVersion7(now), LinkId = link.Id, UserId = owner, Content = "A *note*", CreatedAt = now, UpdatedAt = now };
        var topic = new Flusio.Web.Topics.Topic { Id = Guid.CreateVersion7(now), Label = "Topic " + suffix[..8], NormalizedLabel = ("TOPIC " + suffix[..8]).ToUpperInvariant(), CreatedAt = now };
        var writerUrl = $"https://example.org/{suffix}/writer";
        var writerLink = new Link { Id = Guid.CreateVersion7(now), UserId = users[Role.SharedWrite], Url = writerUrl, UrlHash = UrlHash.Of(writerUrl), Title = writerUrl, PublishedAt = now, CreatedAt = now };
        var group = new Group { Id = Guid.CreateVersion7(now), UserId = owner, Name = "Group " + suffix };
        db.AddRange(priv, pub, link, other, feed, entry, import, note, topic, writerLink, group);
        db.AddRange(
            new CollectionShare { CollectionId = priv.Id, UserId = users[Role.SharedRead], CanWrite = false, CreatedAt = now },
            new CollectionShare { CollectionId = priv.Id, UserId = users[Role.SharedWrite], CanWrite = true, CreatedAt = now });
        db.Add(new FeedFollow { UserId = owner, FeedId = feed.Id, CreatedAt = now });
        db.AddRange(new CollectionLink { CollectionId = priv.Id, LinkId = link.Id, AddedAt = now }, new CollectionLink { CollectionId = pub.Id, LinkId = link.Id, AddedAt = now });
        await db.SaveChangesAsync();
        return new World(priv.Id, pub.Id, link.Id, other.Id, feed.Id, entry.Id, import.Id, note.Id, topic.Id, fixture.Names[Role.Owner])
        {
            Group = group.Id,
            Reader = users[Role.SharedRead],
            WriterLink = writerLink.Id,
            OtherName = fixture.Names[Role.Other],
        };
    });

    /// <summary>One app and one signed-in browser per role for the whole matrix.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public FlusioApp App { get; private set; } = null!;

        public Dictionary<Role, TestBrowser> Browsers { get; } = [];

        public Dictionary<Role, Guid> Users { get; } = [];

        public Dictionary<Role, string> Names { get; } = [];

        public async Task InitializeAsync()
        {
            App = new FlusioApp(Db.Sqlite);
            foreach (var role in new[] { Role.Owner, Role.SharedWrite, Role.SharedRead, Role.Other })
            {
                var (browser, user) = await App.LoggedInAsync();
                Browsers[role] = browser;
                Users[role] = user.Id;
                Names[role] = user.UserName!;
            }

            Browsers[Role.Anonymous] = App.Browser();
        }

        public async Task DisposeAsync()
        {
            foreach (var browser in Browsers.Values)
            {
                browser.Dispose();
            }

            await App.DisposeAsync();
        }
    }
}
