using System.Globalization;
using Flusio.Web.Accounts;
using Flusio.Web.Api;
using Flusio.Web.Configuration;
using Flusio.Web.Data;
using Flusio.Web.Jobs;
using Flusio.Web.Resources;
using Flusio.Web.Shell;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Flusio.Web.Hosting;

/// <summary>
/// The web application (the `serve` verb): the application's services (<see cref="AppServices"/>)
/// plus the HTTP pieces (cookies, MVC, rate limits, proxies, Kestrel limits) and the pipeline.
/// </summary>
public static class WebHost
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("fr")];

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // wwwroot lives at the repository top and is copied beside the binaries.
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddDotEnv();
        var settings = FlusioSettings.Load(builder.Configuration);
        Logging.Configure(builder.Logging, settings, quiet: false);
        builder.Host.UseDefaultServiceProvider(AppServices.Validate);
        builder.WebHost.ConfigureKestrel(ConfigureKestrel);

        var services = builder.Services;
        services.AddFlusio(settings);
        services.AddAccountsWeb();
        services.AddApi();
        services.AddApiDocs();
        AddMvc(services);
        services.AddFlusioRateLimits(settings);
        AddForwardedHeaders(services, settings);
        services.AddFlusioMetrics();
        services.AddHttpContextAccessor();
        services.Configure<CookiePolicyOptions>(o =>
        {
            // Every cookie (session, antiforgery, TempData, language) is Secure under HTTPS.
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.HttpOnly = HttpOnlyPolicy.None;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "flusio_csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        // Accented letters as they are, not as &#xE9; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Registered first: migrations run before the worker and the web server start.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationsOnStart>());
        if (settings.Demo)
        {
            // After the migrations, before the worker and the web server.
            services.Insert(1, ServiceDescriptor.Singleton<IHostedService, Demo.DemoSeedOnStart>());
        }

        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        if (settings.WorkerInProcess)
        {
            services.AddHostedService<JobWorker>();
        }

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>Limits chosen on purpose (docs/deployment.md lists them); no Server header.</summary>
    private static void ConfigureKestrel(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(75);
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        kestrel.Limits.MaxRequestHeaderCount = 64;
        kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        kestrel.Limits.MaxConcurrentConnections = 1000;
        kestrel.Limits.MaxConcurrentUpgradedConnections = 100;
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
        app.MapMetrics();
        app.UseCookiePolicy();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseApiProblems();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseCors();
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapGet("/.well-known/change-password", () => Results.Redirect("/settings/security"));
        app.MapControllers();
        app.MapApiDocs();
    }
}
