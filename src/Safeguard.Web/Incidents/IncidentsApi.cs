using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App.Incidents;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Incidents;

/// <summary>The incident API command and control calls as incidents happen. The host owns the <c>/api/incidents</c> prefix.</summary>
public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/", Create).RequireAuthorization(Policies.WriteIncidents)
            .Audited(AuditAction.Collection, App.Records.Incident).WithName("CreateIncident").WithSummary("Create an incident with its first grade and the children it names; its clocks start at createdAt.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{reference}/events", Append).RequireAuthorization(Policies.WriteIncidents)
            .Audited(AuditAction.Alteration, App.Records.Incident).WithName("AppendIncidentEvent").WithSummary("Append dispatched, arrived, regraded, closed, reassessed, caller-updated or child-linked. A downgrade needs a supervisor and a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/notice-not-needed", NoticeNotNeeded).RequireAuthorization(Policies.DecideNoticeNeed)
            .Audited(AuditAction.Alteration, App.Records.Incident).WithName("IncidentNoticeNotNeeded")
            .WithSummary("A supervisor records why a child-involved incident needs no public protection notice; its PPN-due clock is withdrawn.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{reference}", Get).RequireAuthorization(Policies.ReadIncidents)
            .Audited(AuditAction.Consultation, App.Records.Incident).WithName("GetIncident").WithSummary("An incident with its clocks and full event history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Created<IncidentView>> Create(CreateIncidentRequest request, IncidentCommands commands, HttpContext http, CancellationToken ct)
    {
        var view = await commands.CreateAsync(request, http.User.Author(), ct);
        return TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(view.Reference)}", view);
    }

    private static async Task<Ok<IncidentView>> Append(string reference, IncidentEventRequest request, IncidentCommands commands, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await commands.AppendAsync(reference, request, http.User.Author(), ct));

    private static async Task<Ok<IncidentView>> NoticeNotNeeded(string reference, NoticeNotNeededRequest request, IncidentCommands commands, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await commands.NoticeNotNeededAsync(reference, request, http.User.Author(), ct));

    private static async Task<Ok<IncidentView>> Get(string reference, IncidentQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(reference, ct));
}
