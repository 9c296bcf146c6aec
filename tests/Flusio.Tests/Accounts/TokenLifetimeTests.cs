using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Flusio.Tests.Accounts;

/// <summary>Links sent by e-mail expire on the app's clock: reset links after one hour, validation links after three days.</summary>
public sealed class TokenLifetimeTests
{
    [Fact]
    public async Task A_reset_link_works_for_one_hour_and_not_after()
    {
        await using var host = new ServiceHost(Db.Sqlite);
        var user = await host.CreateUserAsync();
        var token = await host.WithScopeAsync(sp => Users(sp).GeneratePasswordResetTokenAsync(user));

        host.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token));
    }

    [Fact]
    public async Task A_validation_link_works_for_three_days_and_not_after()
    {
        await using var host = new ServiceHost(Db.Sqlite);
        var user = await host.CreateUserAsync();
        var token = await host.WithScopeAsync(sp => Users(sp).GenerateEmailConfirmationTokenAsync(user));

        host.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.True(await VerifyAsync(host, user, IdentitySetup.EmailConfirmationProvider, UserManager<User>.ConfirmEmailTokenPurpose, token));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(await VerifyAsync(host, user, IdentitySetup.EmailConfirmationProvider, UserManager<User>.ConfirmEmailTokenPurpose, token));
    }

    [Fact]
    public async Task A_link_is_refused_for_another_account_another_purpose_or_after_the_password_changed()
    {
        await using var host = new ServiceHost(Db.Sqlite);
        var user = await host.CreateUserAsync();
        var other = await host.CreateUserAsync();
        var token = await host.WithScopeAsync(sp => Users(sp).GeneratePasswordResetTokenAsync(user));

        Assert.False(await VerifyAsync(host, other, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token));
        Assert.False(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ConfirmEmailTokenPurpose, token));
        Assert.False(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token[..^4] + "AAAA"));
        Assert.True(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token));
        await host.WithScopeAsync(async sp =>
        {
            var users = Users(sp);
            return await users.ChangePasswordAsync((await users.FindByIdAsync(user.Id.ToString()))!, TestAccounts.Password, "another long passphrase");
        });
        Assert.False(await VerifyAsync(host, user, IdentitySetup.PasswordResetProvider, UserManager<User>.ResetPasswordTokenPurpose, token));
    }

    private static UserManager<User> Users(IServiceProvider services) => services.GetRequiredService<UserManager<User>>();

    private static Task<bool> VerifyAsync(ServiceHost host, User user, string provider, string purpose, string token) =>
        host.WithScopeAsync(async sp =>
        {
            var users = Users(sp);
            return await users.VerifyUserTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!, provider, purpose, token);
        });
}
