using System.Text.Json;
using Safeguard.App.Incidents;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Incidents;

/// <summary>
/// NENA EIDO (NENA-STA-021) snapshots of incidents from command and control, as they change. The host owns the
/// <c>/api/eido</c> prefix.
/// </summary>
public static class EidoApi
{
    public static RouteGroupBuilder MapEidoApi(this RouteGroupBuilder group)
    {
        // The priority mapping is checked as the host starts, not at the first snapshot.
        _ = ((IEndpointRouteBuilder)group).ServiceProvider.GetRequiredService<EidoOptions>();
        group.MapPost("/", Receive).RequireAuthorization(Policies.WriteIncidents)
            .Audited(AuditAction.Alteration, App.Records.Incident).WithName("ReceiveEido")
            .WithSummary("Take an EIDO snapshot of an incident: the first creates it; later ones, in any order and any number of times, append what changed (dispatched, arrived, regraded, closed).")
            .WithDescription("The body is one NENA EIDO JSON document (NENA-STA-021.1a). Read from it: $id (the incident's tracking identifier), "
                + "incidentComponent (internalIncidentId as the reference, lastUpdateTimeStamp, the priority configured in Eido:PriorityFrom, "
                + "incidentStatusCommonRegistryText, beatOrDispatchGroupText, incidentTypeInternalText), callComponent[].callStartTimestamp, "
                + "emergencyResourceComponent[] (secondaryUnitStatusRegistryText and lastUpdateTimeStamp) and personComponent[].ncPersonComponent "
                + "(ageMeasure, birthDate: under 18 means children are involved). Nothing else in it is read or kept.")
            .Accepts<JsonElement>("application/json")
            .Produces<EidoReceipt>(StatusCodes.Status201Created).Produces<EidoReceipt>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> Receive(JsonElement document, ReceiveEido receive, HttpContext http, CancellationToken ct)
    {
        var receipt = await receive.ReceiveAsync(document, http.User.Author(), ct);
        return receipt.Created
            ? TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(receipt.Reference)}", receipt)
            : TypedResults.Ok(receipt);
    }
}
