using Microsoft.AspNetCore.Identity;

namespace Flusio.Web.Accounts;

/// <summary>Account rules, shared by the web host and the command verbs.</summary>
public static class IdentitySetup
{
    public const string EmailConfirmationProvider = "EmailConfirmation";

    public static void Configure(IdentityOptions options)
    {
        // Length over composition rules (NIST SP 800-63B).
        options.Password.RequiredLength = 8;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);

        options.User.RequireUniqueEmail = true;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

        options.SignIn.RequireConfirmedAccount = false;
        options.SignIn.RequireConfirmedEmail = false;

        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
        options.Tokens.EmailConfirmationTokenProvider = EmailConfirmationProvider;
        options.Tokens.ChangeEmailTokenProvider = EmailConfirmationProvider;
    }
}

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Identity's stores and managers without cookies or sign-in: for the command verbs.</summary>
    public static IServiceCollection AddAccountStores(this IServiceCollection services)
    {
        services.AddIdentityCore<User>(IdentitySetup.Configure)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<Data.FlusioDbContext>()
            .AddFlusioTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
        return services;
    }

    /// <summary>Identity's token providers, with our lifetimes and one-time authenticator codes.</summary>
    public static IdentityBuilder AddFlusioTokenProviders(this IdentityBuilder builder) =>
        builder.AddDefaultTokenProviders()
            .AddTokenProvider<EmailConfirmationTokenProvider>(IdentitySetup.EmailConfirmationProvider)
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
}

/// <summary>E-mail validation links stay valid for three days (password reset ones for one hour).</summary>
public sealed class EmailConfirmationTokenProvider(
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider dataProtectionProvider,
    Microsoft.Extensions.Options.IOptions<EmailConfirmationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<User>> logger)
    : DataProtectorTokenProvider<User>(dataProtectionProvider, options, logger);

public sealed class EmailConfirmationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public EmailConfirmationTokenProviderOptions()
    {
        Name = IdentitySetup.EmailConfirmationProvider;
        TokenLifespan = TimeSpan.FromDays(3);
    }
}
