using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>For a partner-agency user, the notices shared with their agency; for force staff, where to find and submit notices.</summary>
[Authorize(Policy = Policies.ReadNotices)]
[AuditedList(App.Records.Notice)]
public sealed class IndexModel(NoticeQueries queries, IAuthorizationService authorization) : PageModel
{
    public App.Subjects.Paged<NoticeView> Shared { get; private set; } = new([], 0, 1, App.Subjects.PageRequest.DefaultSize);
    public bool IsPartner { get; private set; }
    public bool CanSubmit { get; private set; }
    public bool CanReview { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var reader = User.Reader();
        IsPartner = reader.IsPartner;
        CanSubmit = (await authorization.AuthorizeAsync(User, Policies.SubmitNotices)).Succeeded;
        CanReview = (await authorization.AuthorizeAsync(User, Policies.ReviewNotices)).Succeeded;
        if (!IsPartner) return;
        var request = App.Subjects.PageRequest.Of(page, null);
        Shared = await queries.SharedWithMeAsync(reader, request, ct);
        // The API answers a page beyond the last with no rows (a client reads until then); the page shows the last one.
        if (Shared.Rows.Count == 0 && Shared.Total > 0) Shared = await queries.SharedWithMeAsync(reader, request.Within(Shared.Total), ct);
        await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, App.Records.Notice, "(list)", "/Notices GET");
    }
}
