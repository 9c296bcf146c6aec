using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Flusio.Web.Accounts;

/// <summary>The accounts' services: <see cref="AddAccounts"/> for every host, <see cref="AddAccountsWeb"/> for the web host.</summary>
public static class AccountsServices
{
    /// <summary>Identity's managers and stores, and the accounts' use cases. No cookie, no HTTP.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<User>(IdentitySetup.Configure)
            .AddTokenProvider<PasswordResetTokenProvider>(IdentitySetup.PasswordResetProvider)
            .AddTokenProvider<EmailConfirmationTokenProvider>(IdentitySetup.EmailConfirmationProvider)
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddUserValidator<EmailAddressValidator>()
            .AddPasswordValidator<GuessablePasswordValidator>()
            .AddClaimsPrincipalFactory<FlusioClaimsPrincipalFactory>();
        services.AddScoped<IUserStore<User>, UserOnlyStore<User, FlusioDbContext, Guid,
            IdentityUserClaim<Guid>, IdentityUserLogin<Guid>, IdentityUserToken<Guid>, IdentityUserPasskey<Guid>>>();
        services.AddScoped<AccountRegistrar>();
        services.AddScoped<AccountDeletion>();
        services.AddScoped<InvitationStore>();
        services.AddScoped<SessionTracker>();
        services.AddSingleton<SessionCache>();
        services.AddScoped<AccountMails>();
        services.AddScoped<LoginThrottle>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<ApiTokens>();
        services.AddJobHandler<AccountMailJob>(AccountMails.JobName);
        return services;
    }

    /// <summary>Signing in: the cookies, the sign-in manager with its server-side sessions, passkeys.</summary>
    public static IServiceCollection AddAccountsWeb(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultAuthenticateScheme = IdentityConstants.ApplicationScheme;
                o.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        new IdentityBuilder(typeof(User), services).AddSignInManager<FlusioSignInManager>();
        services.AddScoped<PasswordLogin>();
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = SessionTracker.KeepSessionOnRefresh);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "flusio_auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/";
            o.ExpireTimeSpan = TimeSpan.FromDays(30);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = SessionTracker.ValidatePrincipalAsync;
            // Relative Location: the request's Host header is never reflected into a redirect.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(RelativeRedirect(context.RedirectUri));
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.Redirect(RelativeRedirect(context.RedirectUri));
                return Task.CompletedTask;
            };
        });
        return services;
    }

    private static string RelativeRedirect(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : redirectUri;
}
