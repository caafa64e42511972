using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App;
using Safeguard.App.Children;
using Safeguard.Domain.Audit;
using Safeguard.Web.Access;

namespace Safeguard.Web.Children;

/// <summary>A child's record: details and flags, the voice of the child on each contact, open clocks and the chronology. Never for partners.</summary>
public static class ChildrenApi
{
    public static RouteGroupBuilder MapChildrenApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{reference}", Get).RequireAuthorization(Policies.ReadChildren)
            .Audited(AuditAction.Consultation, App.Records.Child).WithName("GetChild").WithSummary("The child's details, flags, open clocks, contacts and chronology, oldest first; a restricted record answers 403 to all but the data-protection function, a merged duplicate names the record it was merged into.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{reference}", Put).RequireAuthorization(Policies.WriteChildren)
            .Audited(AuditAction.Alteration, App.Records.Child).WithName("PutChildDetails").WithSummary("Sets the child's name, date of birth, school and flags (child protection plan, looked after, exploitation risk); creates the record if new.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{reference}/contacts", Contact).RequireAuthorization(Policies.WriteChildren)
            .Audited(AuditAction.Collection, App.Records.Child).WithName("RecordContact").WithSummary("Records the voice of the child on a contact: seen (when, by whom), spoken to alone, what the child said, demeanour, or why not seen. A sighting on an incident stops its child-seen clock.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<Ok<ChildRecordView>> Get(string reference, ChildChronology children, HttpContext http, IAuthorizationService authorization,
        CancellationToken ct)
    {
        var view = await children.ReadAsync(reference, ct) ?? throw new NotFoundException("No child has this reference.");
        if (await WithheldAsync(view, http, authorization))
            throw new RestrictedException("This child's record is restricted on a data-protection request: it is kept, but not shown.");
        return TypedResults.Ok(view);
    }

    /// <summary>A restricted record is only that to anyone but the data-protection function (UK GDPR Art. 18).</summary>
    private static async Task<bool> WithheldAsync(ChildRecordView view, HttpContext http, IAuthorizationService authorization) =>
        view.RestrictedAt is not null && !await authorization.MayAsync(http.User, Policies.RestrictRecords);

    private static async Task<Results<Created<ChildRecordView>, Ok<ChildRecordView>>> Put(string reference, ChildDetailsRequest request, ChildCommands commands,
        ChildChronology children, HttpContext http, CancellationToken ct)
    {
        var created = await commands.UpdateDetailsAsync(reference, request, http.User.Author(), ct);
        var view = await children.ReadAsync(reference.Trim(), ct) ?? throw new NotFoundException("No child has this reference.");
        return created ? TypedResults.Created($"/api/children/{Uri.EscapeDataString(view.Reference)}", view) : TypedResults.Ok(view);
    }

    /// <summary>A contact is recorded on a restricted record too (it protects the child); the answer then shows nothing of the record (202).</summary>
    private static async Task<Results<Created<ChildRecordView>, Accepted>> Contact(string reference, ContactRequest request, ChildCommands commands, ChildChronology children,
        HttpContext http, IAuthorizationService authorization, CancellationToken ct)
    {
        await commands.RecordContactAsync(reference, request, http.User.Author(), ct);
        var view = await children.ReadAsync(reference.Trim(), ct) ?? throw new NotFoundException("No child has this reference.");
        if (await WithheldAsync(view, http, authorization)) return TypedResults.Accepted((string?)null);
        return TypedResults.Created($"/api/children/{Uri.EscapeDataString(view.Reference)}", view);
    }
}
