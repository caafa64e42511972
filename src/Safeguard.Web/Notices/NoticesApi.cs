using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App.Access;
using Safeguard.App.Notices;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Notices;

/// <summary>
/// Public protection notices. A partner-agency user reads only notices shared with their agency; any other reference
/// answers 404 exactly as a reference that does not exist.
/// </summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this RouteGroupBuilder group)
    {
        group.MapPost("/", Submit).RequireAuthorization(Policies.SubmitNotices)
            .Audited(AuditAction.Collection, App.Records.Notice).WithName("SubmitNotice").WithSummary("An officer submits a notice: type, officer risk, narrative, voice of the child.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/review", Review).RequireAuthorization(Policies.ReviewNotices)
            .Audited(AuditAction.Alteration, App.Records.Notice).WithName("ReviewNotice").WithSummary("The MASH sets RAG with rationale (a departure from the officer's risk needs a reason), a decision and the agencies to share with.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/share", Share).RequireAuthorization(Policies.ReviewNotices)
            .Audited(AuditAction.Disclosure, App.Records.Notice).WithName("ShareNotice").WithSummary("The MASH records sharing with an agency: what, and the lawful basis (default DPA 2018 Sch. 8 para 4).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/school-notified", SchoolNotified).RequireAuthorization(Policies.ReviewNotices)
            .Audited(AuditAction.Disclosure, App.Records.Notice).WithName("NoticeSchoolNotified").WithSummary("Operation Encompass: records that the child's school was told, and what was shared.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", SharedWithMe).RequireAuthorization(Policies.ReadNotices)
            .Audited(AuditAction.Consultation, App.Records.Notice).WithName("NoticesSharedWithMe").WithSummary("For a partner-agency user: the notices shared with their agency, the most recently shared first, a page at a time (page, size up to 200).");
        group.MapGet("/{reference}", Get).RequireAuthorization(Policies.ReadNotices)
            .Audited(AuditAction.Consultation, App.Records.Notice).WithName("GetNotice").WithSummary("A notice with its shares (a partner sees only their own agency's).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{reference}/acknowledge", Acknowledge).RequireAuthorization(Policies.AcknowledgeNotices)
            .Audited(AuditAction.Alteration, App.Records.Notice).WithName("AcknowledgeNotice").WithSummary("A partner-agency user acknowledges their agency's share of a notice.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Created<NoticeView>> Submit(SubmitNoticeRequest request, NoticeCommands notices, HttpContext http, CancellationToken ct)
    {
        var view = await notices.SubmitAsync(request, http.User.Reader(), ct);
        return TypedResults.Created($"/api/notices/{Uri.EscapeDataString(view.Reference)}", view);
    }

    private static async Task<Ok<NoticeView>> Review(string reference, ReviewNoticeRequest request, NoticeCommands notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.ReviewAsync(reference, request, http.User.Reader(), ct));

    private static async Task<Ok<NoticeView>> Share(string reference, ShareNoticeRequest request, NoticeCommands notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.ShareAsync(reference, request, http.User.Reader(), ct));

    private static async Task<Ok<NoticeView>> SchoolNotified(string reference, SchoolNotifiedRequest request, NoticeCommands notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.SchoolNotifiedAsync(reference, request, http.User.Reader(), ct));

    private static async Task<Ok<App.Subjects.Paged<NoticeView>>> SharedWithMe(int? page, int? size, NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.SharedWithMeAsync(http.User.Reader(), App.Subjects.PageRequest.Of(page, size), cancellationToken: ct));

    private static async Task<Ok<NoticeView>> Get(string reference, NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.GetAsync(reference, http.User.Reader(), ct));

    private static async Task<Ok<NoticeView>> Acknowledge(string reference, NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.AcknowledgeAsync(reference, http.User.Reader(), ct));
}
