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
            .Audited(AuditAction.Collection, App.Records.Incident).WithName("CreateIncident").WithSummary("Create an incident with its first grade; its clocks start at createdAt.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{reference}/events", Append).RequireAuthorization(Policies.WriteIncidents)
            .Audited(AuditAction.Alteration, App.Records.Incident).WithName("AppendIncidentEvent").WithSummary("Append dispatched, arrived, regraded or closed. A downgrade needs a supervisor and a reason.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/clocks/{kind}/pause", Pause).RequireAuthorization(Policies.WriteIncidents)
            .WithName("PauseClock").WithSummary("Pause a clock with a reason, for kinds whose policy allows it (never attendance: 409).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{reference}/clocks/{kind}/resume", Resume).RequireAuthorization(Policies.WriteIncidents)
            .WithName("ResumeClock").WithSummary("Resume a paused clock, for kinds whose policy allows pausing (never attendance: 409).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
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

    private static async Task<Ok<IncidentView>> Pause(string reference, string kind, PauseRequest request, IncidentCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.PauseOrResumeAsync(reference, kind, pause: true, request, ct));

    private static async Task<Ok<IncidentView>> Resume(string reference, string kind, IncidentCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.PauseOrResumeAsync(reference, kind, pause: false, new PauseRequest(null), ct));

    private static async Task<Ok<IncidentView>> Get(string reference, IncidentCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.GetAsync(reference, ct));
}
