using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Intranet.Blog.Infrastructure.Web;

/// error-for="Text" on a form field: when the write was refused for that field (its key in FieldErrors), the message
/// follows the field, the field is marked aria-invalid and describes itself by the message, so a screen reader reads
/// the reason where the person types, not only in the summary at the top. The same markup composer.js writes when
/// a form sent by script is refused.
[HtmlTargetElement("textarea", Attributes = KeyAttribute)]
[HtmlTargetElement("input", Attributes = KeyAttribute, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = KeyAttribute)]
public sealed class FieldErrorTagHelper : TagHelper
{
    private const string KeyAttribute = "error-for";

    [HtmlAttributeName(KeyAttribute)]
    public string Key { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!ViewContext.ViewData.ModelState.TryGetValue(Key, out var entry) || entry.Errors.Count == 0
            || output.Attributes["id"]?.Value?.ToString() is not { Length: > 0 } fieldId)
        {
            return;
        }

        var id = fieldId + "-error";
        var describedBy = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-invalid", "true");
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(describedBy) ? id : $"{id} {describedBy}");

        var message = new TagBuilder("p");
        message.AddCssClass("field-error");
        message.Attributes["id"] = id;
        message.Attributes["data-field-error"] = "";
        message.InnerHtml.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        output.PostElement.AppendHtml(message);
    }
}
