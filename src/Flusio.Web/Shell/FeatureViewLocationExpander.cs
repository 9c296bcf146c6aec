using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Flusio.Web.Shell;

/// <summary>
/// Views live beside their controllers, by capability: the views of
/// `Flusio.Web.Accounts.LoginController` are in `Accounts/Views/Login/`. Shared
/// views (layout, partials) are in `Shell/Views/`.
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string FeatureKey = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action)
        {
            var ns = action.ControllerTypeInfo.Namespace ?? "";
            var parts = ns.Split('.');
            context.Values[FeatureKey] = parts.Length > 2 ? string.Join('/', parts[2..]) : "";
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(FeatureKey, out var feature) && !string.IsNullOrEmpty(feature))
        {
            yield return $"/{feature}/Views/{{1}}/{{0}}.cshtml";
            yield return $"/{feature}/Views/{{0}}.cshtml";
        }

        yield return "/Shell/Views/{0}.cshtml";
    }
}
