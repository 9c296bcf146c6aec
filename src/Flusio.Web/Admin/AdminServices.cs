namespace Flusio.Web.Admin;

public static class AdminServices
{
    public static IServiceCollection AddAdmin(this IServiceCollection services) => services
        .AddScoped<InstanceStatistics>()
        .AddScoped<AccountAdministration>()
        .AddScoped<AdminOverview>();
}
