using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>For a partner-agency user, the notices shared with their agency; for force staff, where to find and submit notices.</summary>
[Authorize(Policy = Policies.ReadNotices)]
public sealed class IndexModel(NoticeQueries queries) : PageModel
{
    public App.Subjects.Paged<NoticeView> Shared { get; private set; } = new([], 0, 1, App.Subjects.PageRequest.DefaultSize);
    public bool IsPartner { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var reader = User.Reader();
        IsPartner = reader.IsPartner;
        if (!IsPartner) return;
        Shared = await queries.SharedWithMeAsync(reader, App.Subjects.PageRequest.Of(page, null), ct);
        await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, App.Records.Notice, "(list)", "/Notices GET");
    }
}
