using Flusio.Tests.Infrastructure;
using Flusio.Web.Accounts;
using Flusio.Web.Hosting;
using Flusio.Web.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flusio.Tests.Hosting;

/// <summary>
/// Every host (web, worker, verbs) is built from the one composition with ValidateOnBuild
/// and ValidateScopes, and every service it registers resolves: a job that works under
/// `serve` works under `worker` too.
/// </summary>
public sealed class HostValidationTests
{
    [Fact]
    public void The_web_host_resolves_every_registered_service()
    {
        List<ServiceDescriptor> registered = [];
        using var app = new FlusioApp(Db.Sqlite, services: s => registered = [.. s]);
        ResolveAll(app.Services, registered);
        Assert.Contains(registered, d => d.ServiceType == typeof(AccountMails));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_worker_and_the_verbs_host_resolve_every_registered_service(bool worker)
    {
        var dataPath = Directory.CreateTempSubdirectory("flusio-host-").FullName;
        try
        {
            var builder = CommandHost.CreateBuilder(worker, new Dictionary<string, string?> { ["DATA_PATH"] = dataPath, ["DATABASE_URL"] = null, ["SMTP_HOST"] = null });
            List<ServiceDescriptor> registered = [.. builder.Services];
            using var host = builder.Build();
            ResolveAll(host.Services, registered);
            // What only the web host had before the one composition: mail, session tracking, terms.
            Assert.Contains(registered, d => d.ServiceType == typeof(IMailSender));
            Assert.Contains(registered, d => d.ServiceType == typeof(SessionTracker));
            Assert.Contains(registered, d => d.ServiceType == typeof(Flusio.Web.Shell.TermsDocument));
            Assert.Equal(worker, registered.Any(d => d.ImplementationType == typeof(Flusio.Web.Jobs.JobWorker)));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public void A_missing_registration_fails_when_the_host_is_built()
    {
        var dataPath = Directory.CreateTempSubdirectory("flusio-host-").FullName;
        try
        {
            var builder = CommandHost.CreateBuilder(worker: false, new Dictionary<string, string?> { ["DATA_PATH"] = dataPath });
            builder.Services.AddScoped<NeedsSomethingUnregistered>();
            var error = Assert.Throws<AggregateException>(() => builder.Build());
            Assert.Contains(nameof(NeedsSomethingUnregistered), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static void ResolveAll(IServiceProvider services, IEnumerable<ServiceDescriptor> registered)
    {
        using var scope = services.CreateScope();
        var types = registered.Select(d => d.ServiceType).Where(t => !t.ContainsGenericParameters).Distinct().ToList();
        Assert.True(types.Count > 50, $"only {types.Count} services registered");
        var failures = new List<string>();
        foreach (var type in types)
        {
            try
            {
                _ = scope.ServiceProvider.GetServices(type).ToList();
            }
            catch (Exception e)
            {
                failures.Add($"{type}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private sealed class Unregistered;

    private sealed class NeedsSomethingUnregistered(Unregistered unregistered)
    {
        public Unregistered Value => unregistered;
    }
}
