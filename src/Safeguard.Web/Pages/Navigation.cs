using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages;

/// <summary>The parts of the service, each with the policy that opens it; a person is shown only the parts their role may use.</summary>
public static class Navigation
{
    public sealed record Part(string Href, string Name, string Description, string Policy);

    public static IReadOnlyList<Part> Parts { get; } =
    [
        new("/Board", "Board", "Control-room board: open incidents awaiting attendance, by time left", Policies.WatchBoard),
        new("/Mash", "MASH", "MASH triage queue: notices waiting for review, by time left", Policies.ReviewNotices),
        new("/Notices", "Notices", "Public protection notices: submit one, or read those shared with your agency", Policies.ReadNotices),
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
            if ((await authorization.AuthorizeAsync(user, part.Policy)).Succeeded) parts.Add(part);
        }
        return parts;
    }
}
