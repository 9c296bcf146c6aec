using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Feeds;
using Flusio.Web.Mail;
using Microsoft.AspNetCore.DataProtection;

namespace Flusio.Web.Shell;

/// <summary>Services every entry point needs: settings, clock, database, accounts, mail.</summary>
public static class CoreServices
{
    public static IServiceCollection AddFlusioCore(this IServiceCollection services, FlusioSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddFlusioDatabase(settings);
        services.AddFeedEngine();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<AccountRegistrar>();
        services.AddScoped<AccountDeletion>();
        services.AddLocalization();
        // Keys in the database: several web processes share cookies and tokens.
        services.AddDataProtection().SetApplicationName("Flusio").PersistKeysToDbContext<FlusioDbContext>();
        if (string.IsNullOrEmpty(settings.SmtpHost))
        {
            services.AddSingleton<IMailSender, FileMailSender>();
        }
        else
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
        }

        return services;
    }
}
