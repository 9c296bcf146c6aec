using System.Net;
using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Accounts;

/// <summary>One invitation admits one account, however many people use the link at the same moment.</summary>
public sealed class InvitationRaceTests
{
    private const int Browsers = 8;

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Simultaneous_sign_ups_with_one_invitation_create_exactly_one_account(Db db)
    {
        using var app = new FlusioApp(db, new Dictionary<string, string?> { ["REGISTRATION"] = "invite" });
        var admin = await app.CreateUserAsync(admin: true);

        for (var round = 0; round < 3; round++)
        {
            var invitation = await app.WithScopeAsync(sp => sp.GetRequiredService<InvitationStore>().CreateAsync(admin.Id));
            var browsers = Enumerable.Range(0, Browsers).Select(_ => app.Browser()).ToList();
            // Every browser holds the form first, as people who opened the link do; then all submit at once.
            var forms = await Task.WhenAll(browsers.Select(b => b.GetAsync($"/register?invitation={invitation.Token}")));
            Assert.All(forms, f => Assert.NotNull(f.AntiforgeryToken));
            var names = Enumerable.Range(0, Browsers).Select(i => TestAccounts.UniqueName($"race{round}{i}")).ToList();
            var posts = await Task.WhenAll(browsers.Select((b, i) => b.PostAsync("/register", new Dictionary<string, string>
            {
                ["Username"] = names[i],
                ["Email"] = $"{names[i]}@example.test",
                ["Password"] = TestAccounts.Password,
                ["Invitation"] = invitation.Token,
            }, forms[i].AntiforgeryToken)));

            Assert.Single(posts, p => p.IsRedirectTo("/news"));
            Assert.All(posts.Where(p => !p.IsRedirectTo("/news")), p => Assert.Equal(HttpStatusCode.OK, p.Status));
            var created = await app.WithDbAsync(d => d.Set<User>().CountAsync(u => names.Contains(u.UserName!)));
            Assert.Equal(1, created);
            var used = await app.WithDbAsync(d => d.Set<Invitation>().SingleAsync(i => i.Id == invitation.Id));
            Assert.NotNull(used.UsedAt);
            Assert.Equal(1, await app.WithDbAsync(d => d.Set<User>().CountAsync(u => u.Id == used.UsedById && names.Contains(u.UserName!))));
            browsers.ForEach(b => b.Dispose());
        }
    }
}
