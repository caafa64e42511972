using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App.Access;
using Safeguard.App.Notices;
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
        group.MapGet("/", SharedWithMe).RequireAuthorization(Policies.ReadNotices)
            .WithName("NoticesSharedWithMe").WithSummary("For a partner-agency user: the notices shared with their agency.");
        group.MapGet("/{reference}", Get).RequireAuthorization(Policies.ReadNotices)
            .WithName("GetNotice").WithSummary("A notice with its shares (a partner sees only their own agency's).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{reference}/acknowledge", Acknowledge).RequireAuthorization(Policies.AcknowledgeNotices)
            .WithName("AcknowledgeNotice").WithSummary("A partner-agency user acknowledges their agency's share of a notice.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<NoticeView>>> SharedWithMe(NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.SharedWithMeAsync(http.User.Reader(), ct));

    private static async Task<Ok<NoticeView>> Get(string reference, NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.GetAsync(reference, http.User.Reader(), ct));

    private static async Task<Ok<NoticeView>> Acknowledge(string reference, NoticeQueries notices, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await notices.AcknowledgeAsync(reference, http.User.Reader(), ct));
}
