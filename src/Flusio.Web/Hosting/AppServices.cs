using Flusio.Web.Accounts;
using Flusio.Web.Admin;
using Flusio.Web.Collections;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Demo;
using Flusio.Web.Feeds;
using Flusio.Web.Housekeeping;
using Flusio.Web.Jobs;
using Flusio.Web.Mail;
using Flusio.Web.Media;
using Flusio.Web.Publishing;
using Flusio.Web.Reading;
using Flusio.Web.Shell;
using Flusio.Web.Topics;
using Microsoft.AspNetCore.DataProtection;

namespace Flusio.Web.Hosting;

/// <summary>
/// The one registration of the application, used by every host (web, worker, verbs):
/// settings, clock, database, feed engine, mail, every feature's services, jobs. A host
/// adds only what is its own (the web host: HTTP pieces). A service that works under
/// `serve` therefore works under `worker` and the verbs too.
/// </summary>
public static class AppServices
{
    public static IServiceCollection AddFlusio(this IServiceCollection services, FlusioSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddFlusioDatabase(settings);
        services.AddScoped<DatabaseMigrator>();
        // Keys in the database: several web processes share cookies and tokens.
        services.AddDataProtection().SetApplicationName("Flusio").PersistKeysToDbContext<FlusioDbContext>();
        services.AddLocalization();
        services.AddFeedEngine(settings);
        services.AddMail(settings);
        services.AddJobs();
        services.AddSingleton<TermsDocument>();
        services.AddAccounts();
        services.AddFeeds();
        services.AddReading();
        services.AddTopics();
        services.AddMedia(settings);
        services.AddCollections();
        services.AddPublishing();
        services.AddAdmin();
        services.AddHousekeeping();
        services.AddDemo(settings);
        return services;
    }

    /// <summary>Every host checks its registrations when it is built: a missing service fails at start, not on first use.</summary>
    public static void Validate(ServiceProviderOptions options)
    {
        options.ValidateOnBuild = true;
        options.ValidateScopes = true;
    }
}
