using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Flusio.Web.Accounts;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Resources;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Console;

namespace Flusio.Web.Shell;

/// <summary>Builds and configures the web application (the `serve` verb).</summary>
public static class WebHost
{
    public const string AuthRateLimit = "auth";

    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("fr")];

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // wwwroot lives at the repository top and is copied beside the binaries.
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        AddDotEnv(builder.Configuration);
        var settings = FlusioSettings.Load(builder.Configuration);
        ConfigureLogging(builder.Logging, settings, quiet: false);

        var services = builder.Services;
        services.AddFlusioCore(settings);
        AddAccounts(services);
        AddMvc(services);
        AddRateLimits(services, settings);
        AddForwardedHeaders(services, settings);
        services.AddHttpContextAccessor();
        // Accented letters as they are, not as &#xE9; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Registered first: migrations run before the worker and the web server start.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationsOnStart>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        if (settings.WorkerInProcess)
        {
            services.AddHostedService<JobWorker>();
        }

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>Adds the `.env` of the working directory; it holds only what the environment does not set.</summary>
    public static void AddDotEnv(ConfigurationManager configuration)
    {
        var values = DotEnvFile.Read(Path.Combine(Directory.GetCurrentDirectory(), ".env"));
        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }

    public static void ConfigureLogging(ILoggingBuilder logging, FlusioSettings settings, bool quiet)
    {
        logging.ClearProviders();
        if (settings.LogJson)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        if (quiet)
        {
            logging.SetMinimumLevel(LogLevel.Warning);
        }

        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Keys live unencrypted in the database on purpose (see README, Backups): the
        // database is the trust boundary, and every web process must read them.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
    }

    private static void AddAccounts(IServiceCollection services)
    {
        services.AddIdentity<User, IdentityRole<Guid>>(IdentitySetup.Configure)
            .AddEntityFrameworkStores<FlusioDbContext>()
            .AddFlusioTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddSignInManager<FlusioSignInManager>()
            .AddClaimsPrincipalFactory<FlusioClaimsPrincipalFactory>();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = SessionTracker.KeepSessionOnRefresh);
        services.AddScoped<SessionTracker>();
        services.AddScoped<AccountMails>();
        services.AddSingleton<TermsDocument>();
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
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "flusio_csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
    }

    private static void AddMvc(IServiceCollection services)
    {
        services.AddControllersWithViews(o =>
            {
                // Every form POST needs a valid antiforgery token (400 otherwise).
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                // Required fields say so with [Required] and a translated message, never implicitly.
                o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureViewLocationExpander()));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
            ModelBindingMessages.Localize(o.ModelBindingMessageProvider, factory.Create(typeof(SharedResource))));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.RequestCultureProviders =
            [
                new UserPreferenceCultureProvider(),
                new CookieRequestCultureProvider { CookieName = UserPreferenceCultureProvider.CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    private static void AddRateLimits(IServiceCollection services, FlusioSettings settings)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AuthRateLimit, context =>
            {
                // Only submissions count: showing the form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("get");
                }

                var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.AuthRateLimitPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var localizer = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync(localizer["Too many attempts from your address. Please wait a minute and try again."], cancellationToken);
            };
        });
    }

    private static void AddForwardedHeaders(IServiceCollection services, FlusioSettings settings)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only proxies we trust may tell us the client address and scheme.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in settings.TrustedProxies)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapGet("/.well-known/change-password", () => Results.Redirect("/settings/security"));
        app.MapControllers();
    }
}
