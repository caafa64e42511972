using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Safeguard.App;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages;

/// <summary>
/// A record's reference on a page: a link to the record for those who may read it, the reference alone for those who
/// may not (a call handler sees that a child is named, an analyst which incidents are behind a figure).
/// </summary>
public sealed class RecordLinks(IHttpContextAccessor http, IAuthorizationService authorization)
{
    private readonly Dictionary<string, bool> _may = [];

    public async Task<IHtmlContent> ToAsync(string kind, string reference, string? fragment = null, string? hidden = null)
    {
        var text = HtmlEncoder.Default.Encode(reference);
        if (!await MayReadAsync(kind)) return new HtmlString(text);
        var href = HtmlEncoder.Default.Encode(Records.PathOf(kind, reference) + (fragment is null ? "" : "#" + fragment));
        var extra = hidden is null ? "" : $"<span class=\"govuk-visually-hidden\">{HtmlEncoder.Default.Encode(hidden)}</span>";
        return new HtmlString($"<a class=\"govuk-link\" href=\"{href}\">{text}{extra}</a>");
    }

    public async Task<bool> MayReadAsync(string kind)
    {
        if (!_may.TryGetValue(kind, out var may))
            _may[kind] = may = http.HttpContext?.User is { } user && await authorization.MayAsync(user, Policies.ToRead(kind));
        return may;
    }
}
