using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>A new incident; <see cref="ChildReferences"/> names the children involved, when command and control knows them.</summary>
public sealed record CreateIncidentRequest(string? Reference, string? CreatedAt, string? Grade, bool? ChildrenInvolved, string? District, string? Category,
    IReadOnlyList<string>? ChildReferences = null);

/// <summary>
/// An event to append: kind is dispatched, arrived, regraded, closed, reassessed (with <see cref="Thrive"/>: a note on
/// each of the six), caller-updated (the caller told of a delay; <see cref="Reason"/> may say what was said) or
/// child-linked (<see cref="ChildReference"/>: a child involved, named). A downgrade needs supervisor and reason.
/// </summary>
public sealed record IncidentEventRequest(string? Kind, string? At, string? Grade, string? Supervisor, string? Reason, ThriveRequest? Thrive = null,
    string? ChildReference = null);

public sealed record ThriveRequest(string? Threat, string? Harm, string? Risk, string? Investigation, string? Vulnerability, string? Engagement);

/// <summary>A supervisor's record of why a child-involved incident needs no public protection notice.</summary>
public sealed record NoticeNotNeededRequest(string? Reason);

/// <summary>The use cases command and control and officers call as incidents happen. Each is one transaction.</summary>
public sealed class IncidentCommands(SubjectStore store, UnitOfWork work, IncidentModel model, IncidentQueries queries, IClock clock)
{
    private const string GradeValues = "grade must be immediate (or emergency), priority, scheduled, resolution or 1-4";

    public async Task<IncidentView> CreateAsync(CreateIncidentRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = store.Policy.Zone;
        var reference = Input.Reference(request.Reference, "reference", errors);
        var created = Input.Time(request.CreatedAt, "createdAt", errors, zone, required: true);
        Grade grade = default;
        if (request.Grade is null) errors["grade"] = ["grade is required"];
        else if (!Grades.TryParse(request.Grade, out grade)) errors["grade"] = [GradeValues];
        if (request.ChildrenInvolved is null) errors["childrenInvolved"] = ["childrenInvolved is required"];
        var district = Input.Text(request.District, "district", errors, Imports.CsvFile.MaxTextLength);
        var category = Input.Text(request.Category, "category", errors, Imports.CsvFile.MaxTextLength);
        var children = Input.References(request.ChildReferences, "childReferences", errors);
        if (children.Count > 0 && request.ChildrenInvolved == false) errors["childReferences"] = ["childReferences names children but childrenInvolved is false"];
        Input.ThrowIfAny(errors);
        var now = clock.GetCurrentInstant();
        if (created!.Value > now + IncidentHistory.ClockSkew)
            throw new RuleException("An incident cannot be created in the future.", isConflict: false);

        await work.RunAsync("incident", async ct =>
        {
            if (await store.Db.Incidents.AnyAsync(i => i.Reference == reference, ct))
                throw new RuleException("An incident with this reference already exists.", isConflict: true);
            var incident = store.Create(model, reference!);
            await store.AppendAsync(model, incident, new IncidentCreated(created.Value, author, grade, request.ChildrenInvolved!.Value, district, category, children), now, ct);
        }, cancellationToken);
        return await queries.GetAsync(reference!, cancellationToken);
    }

    public async Task<IncidentView> AppendAsync(string reference, IncidentEventRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var at = Input.Time(request.At, "at", errors, store.Policy.Zone, required: true);
        var supervisor = Input.Text(request.Supervisor, "supervisor", errors, 256);
        var reason = Input.Text(request.Reason, "reason", errors, 2000);
        IncidentEvent? e = null;
        var a = at ?? default;
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "dispatched": e = new IncidentDispatched(a, author); break;
            case "arrived": e = new IncidentArrived(a, author); break;
            case "closed": e = new IncidentClosed(a, author); break;
            case "caller-updated": e = new IncidentCallerUpdated(a, author, reason); break;
            case "reassessed":
                e = new IncidentReassessed(a, author, ThriveOf(request.Thrive, errors));
                break;
            case "regraded":
                if (!Grades.TryParse(request.Grade, out var grade)) errors["grade"] = [GradeValues];
                e = new IncidentRegraded(a, author, grade, supervisor, reason);
                break;
            case "child-linked":
                if (Input.Reference(request.ChildReference, "childReference", errors) is { } child) e = new IncidentChildLinked(a, author, child);
                break;
            default:
                errors["kind"] = ["kind must be dispatched, arrived, regraded, closed, reassessed, caller-updated or child-linked"];
                break;
        }
        Input.ThrowIfAny(errors);
        await RecordAsync(reference, e!, cancellationToken);
        return await queries.GetAsync(reference, cancellationToken);
    }

    /// <summary>
    /// The six THRIVE notes as the rule takes them (trimmed), each that is missing or too long an error under
    /// <c>thrive.NAME</c>: the one check for the API and the page (which checks them beside its own fields).
    /// </summary>
    public static Thrive ThriveOf(ThriveRequest? t, Dictionary<string, string[]> errors)
    {
        var thrive = new Thrive(t?.Threat?.Trim() ?? "", t?.Harm?.Trim() ?? "", t?.Risk?.Trim() ?? "", t?.Investigation?.Trim() ?? "",
            t?.Vulnerability?.Trim() ?? "", t?.Engagement?.Trim() ?? "");
        foreach (var (name, note) in thrive.Notes())
        {
            if (note.Length == 0) errors["thrive." + name] = [$"Enter a note on {name}"];
            else if (note.Length > Thrive.MaxNoteLength) errors["thrive." + name] = [$"The note on {name} must be {Thrive.MaxNoteLength} characters or fewer"];
        }
        return thrive;
    }

    /// <summary>An officer names a child involved in the incident (a child record is made for a new reference).</summary>
    public async Task NameChildAsync(string reference, string? childReference, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var child = Input.Reference(childReference, "childReference", errors);
        Input.ThrowIfAny(errors);
        await RecordAsync(reference, new IncidentChildLinked(clock.GetCurrentInstant(), author, child!), cancellationToken);
    }

    /// <summary>A supervisor records why no public protection notice is needed: the incident's PPN-due clock is withdrawn.</summary>
    public async Task<IncidentView> NoticeNotNeededAsync(string reference, NoticeNotNeededRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var why = Input.Text(request.Reason, "reason", errors, IncidentNoticeNotNeeded.MaxReasonLength);
        if (why is null) errors["reason"] = ["reason is required: say why no notice is needed"];
        Input.ThrowIfAny(errors);
        await RecordAsync(reference, new IncidentNoticeNotNeeded(clock.GetCurrentInstant(), author, why!), cancellationToken);
        return await queries.GetAsync(reference, cancellationToken);
    }

    private Task RecordAsync(string reference, IncidentEvent e, CancellationToken cancellationToken) =>
        work.RunAsync("incident", async ct =>
        {
            var incident = await store.FindAsync(model, reference, ct) ?? throw new NotFoundException("No incident has this reference.");
            await store.RecordAsync(model, incident, e, clock.GetCurrentInstant(), ct);
        }, cancellationToken);
}
