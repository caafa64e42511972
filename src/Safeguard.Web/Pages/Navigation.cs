using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages;

/// <summary>The parts of the service, each with the policy that opens it; a person is shown only the parts their role may use.</summary>
public static class Navigation
{
    /// <summary>A part of the service; with <paramref name="Unless"/>, shown only to those that policy does not admit (they have a fuller part).</summary>
    public sealed record Part(string Href, string Name, string Description, string Policy, string? Unless = null);

    public static IReadOnlyList<Part> Parts { get; } =
    [
        new("/Board", "Board", "Control-room board: open incidents awaiting attendance, by time left", Policies.WatchBoard),
        new("/Mash", "MASH", "MASH triage queue: notices waiting for review, by time left", Policies.ReviewNotices),
        new("/Notices", "Notices", "Public protection notices: submit one, or read those shared with your agency", Policies.ReadNotices),
        new("/Notices/New", "Submit a notice", "Submit a public protection notice about a child or adult at risk", Policies.SubmitNotices, Unless: Policies.ReadNotices),
        new("/Missing", "Missing", "Missing children: open episodes by risk and time to the next review", Policies.ReadMissing),
        new("/Children", "Children", "Children: find a record; children not yet seen and spoken to", Policies.ReadChildren),
        new("/Performance", "Performance", "Performance: the figures an inspector asks for", Policies.ReadPerformance),
        new("/Inspection", "Inspection", "Inspection: the pack, case-file audits and the recommendation tracker", Policies.ReadPerformance),
        new("/Admin", "Administration", "Administration: people's accounts, partner agencies, deliveries given up", Policies.Administer),
    ];

    public static async Task<IReadOnlyList<Part>> ForAsync(ClaimsPrincipal user, IAuthorizationService authorization)
    {
        var parts = new List<Part>();
        if (user.Identity?.IsAuthenticated != true) return parts;
        foreach (var part in Parts)
        {
            if (!(await authorization.AuthorizeAsync(user, part.Policy)).Succeeded) continue;
            if (part.Unless is { } fuller && (await authorization.AuthorizeAsync(user, fuller)).Succeeded) continue;
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>Whether a request's path is within a part of the service (the menu marks that part as the current one).</summary>
    public static bool IsWithin(PathString path, string href) =>
        path.StartsWithSegments(href, StringComparison.OrdinalIgnoreCase);

}
