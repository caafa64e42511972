using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Safeguard.Web.Pages;

/// <summary>
/// Every GOV.UK table scrolls sideways inside its own container on a narrow screen, so a 390-pixel phone never scrolls
/// the whole page: the table is wrapped in a focusable region (a keyboard can scroll it) named by the table's caption,
/// unless the page has already put it in one (<see cref="ScrollContainerTagHelper"/>).
/// </summary>
[HtmlTargetElement("table", Attributes = "class")]
public sealed class ScrollingTableTagHelper : TagHelper
{
    public const string CaptionKey = "sg-caption-id";

    private bool Wraps(TagHelperContext context) =>
        context.AllAttributes["class"]?.Value?.ToString()?.Split(' ').Contains("govuk-table") == true && !context.Items.ContainsKey(ScrollContainerTagHelper.Key);

    public override void Init(TagHelperContext context)
    {
        if (!Wraps(context)) return;
        context.Items[CaptionKey] = new CaptionId { Value = (context.AllAttributes["id"]?.Value?.ToString() ?? "table-" + context.UniqueId) + "-caption" };
        context.Items[ScrollContainerTagHelper.Key] = true; // a table inside this one is not wrapped again
    }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.Items.TryGetValue(CaptionKey, out var item) || item is not CaptionId caption) return;
        await output.GetChildContentAsync(); // the caption's helper names it
        var named = caption.Found ? $"aria-labelledby=\"{System.Text.Encodings.Web.HtmlEncoder.Default.Encode(caption.Value)}\"" : "aria-label=\"Table\"";
        output.PreElement.SetHtmlContent($"<div class=\"sg-table-scroll\" role=\"region\" tabindex=\"0\" {named}>");
        output.PostElement.SetHtmlContent("</div>");
    }
}

/// <summary>The id of a wrapped table's caption, which names its scrolling region: the caption's own, or one given it.</summary>
public sealed class CaptionId
{
    public required string Value { get; set; }
    public bool Found { get; set; }
}

/// <summary>Gives a wrapped table's caption the id its scrolling region is named by, or reads the one it has.</summary>
[HtmlTargetElement("caption")]
public sealed class TableCaptionTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.Items.TryGetValue(ScrollingTableTagHelper.CaptionKey, out var item) || item is not CaptionId caption) return;
        if (output.Attributes["id"]?.Value?.ToString() is { Length: > 0 } id) caption.Value = id;
        else output.Attributes.SetAttribute("id", caption.Value);
        caption.Found = true;
    }
}

/// <summary>Marks a page's own scrolling container, so the tables inside it are not wrapped again.</summary>
[HtmlTargetElement("div", Attributes = "class")]
public sealed class ScrollContainerTagHelper : TagHelper
{
    public const string Key = "sg-table-scroll";

    public override void Init(TagHelperContext context)
    {
        if (context.AllAttributes["class"]?.Value?.ToString()?.Split(' ').Contains(Key) == true) context.Items[Key] = true;
    }
}
