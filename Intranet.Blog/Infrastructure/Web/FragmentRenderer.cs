using System.Globalization;
using Intranet.Blog.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Intranet.Blog.Infrastructure.Web;

/// Renders the same Razor partial the page uses into a string, once per culture, for live envelopes. An MVC partial
/// needs an ActionContext: a catch-up request supplies its own; the live pipeline, which runs outside any request,
/// gets a bare context of its DI scope (the partials it renders use nothing of the request).
public sealed class FragmentRenderer(ICompositeViewEngine viewEngine, ITempDataProvider tempData, IHttpContextAccessor http, IServiceProvider services)
{
    public async Task<IReadOnlyDictionary<string, string>> RenderPerCultureAsync<TModel>(string partialName, TModel model, IEnumerable<CultureInfo> cultures)
    {
        var result = new Dictionary<string, string>();
        foreach (var c in cultures)
        {
            using var _ = CultureScope.Use(c);
            result[c.Name] = await RenderAsync(partialName, model);
        }

        return result;
    }

    public async Task<string> RenderAsync<TModel>(string partialName, TModel model)
    {
        var httpContext = http.HttpContext ?? new DefaultHttpContext { RequestServices = services };
        var actionContext = new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor());
        // FindView only searches the view locations by name; a "~/Features/..." path is resolved by GetView.
        var view = viewEngine.GetView(executingFilePath: null, partialName, isMainPage: false);
        if (!view.Success)
        {
            view = viewEngine.FindView(actionContext, partialName, isMainPage: false);
        }

        if (!view.Success)
        {
            throw new InvalidOperationException($"Partial {partialName} not found: {string.Join(", ", view.SearchedLocations)}");
        }

        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(actionContext, view.View, viewData, new TempDataDictionary(httpContext, tempData), writer, new HtmlHelperOptions());
        await view.View.RenderAsync(context);
        return writer.ToString();
    }
}
