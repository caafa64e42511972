using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App.Missing;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Missing;

/// <summary>Missing-child episodes: report one, append what happens, read it with its clocks. The host owns <c>/api/missing</c>.</summary>
public static class MissingApi
{
    public static RouteGroupBuilder MapMissingApi(this RouteGroupBuilder group)
    {
        group.MapPost("/", Report).RequireAuthorization(Policies.WriteMissing)
            .Audited(AuditAction.Collection, App.Records.Missing).WithName("ReportMissingEpisode").WithSummary("Report a child missing with the risk at report and the information behind it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{reference}/events", Append).RequireAuthorization(Policies.WriteMissing)
            .Audited(AuditAction.Alteration, App.Records.Missing).WithName("AppendMissingEpisodeEvent")
            .WithSummary("Append attended, reviewed, action, found, prevention-interview, return-interview-offered, return-interview-held or exploitation-indicator.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{reference}", Get).RequireAuthorization(Policies.ReadMissing)
            .Audited(AuditAction.Consultation, App.Records.Missing).WithName("GetMissingEpisode").WithSummary("An episode with its clocks and full event history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>What a caller who may write but not read an episode (command and control) is told: that it was recorded, not the episode.</summary>
    public sealed record Recorded(string Reference, string Result = "recorded");

    private static async Task<Results<Created<EpisodeView>, Created<Recorded>>> Report(ReportEpisodeRequest request, EpisodeCommands commands,
        Microsoft.AspNetCore.Authorization.IAuthorizationService authorization, HttpContext http, CancellationToken ct)
    {
        var view = await commands.ReportAsync(request, http.User.Author(), ct);
        var at = $"/api/missing/{Uri.EscapeDataString(view.Reference)}";
        return await authorization.MayAsync(http.User, Policies.ReadMissing) ? TypedResults.Created(at, view) : TypedResults.Created(at, new Recorded(view.Reference));
    }

    private static async Task<Results<Ok<EpisodeView>, Ok<Recorded>>> Append(string reference, EpisodeEventRequest request, EpisodeCommands commands,
        Microsoft.AspNetCore.Authorization.IAuthorizationService authorization, HttpContext http, CancellationToken ct)
    {
        var view = await commands.AppendAsync(reference, request, http.User.Author(), ct);
        return await authorization.MayAsync(http.User, Policies.ReadMissing) ? TypedResults.Ok(view) : TypedResults.Ok(new Recorded(view.Reference));
    }

    private static async Task<Ok<EpisodeView>> Get(string reference, EpisodeCommands commands, CancellationToken ct) =>
        TypedResults.Ok(await commands.GetAsync(reference, ct));
}
