using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.App.Incidents;

public sealed record CreateIncidentRequest(string? Reference, string? CreatedAt, string? Grade, bool? ChildrenInvolved, string? District, string? Category);

/// <summary>
/// An event to append: kind is dispatched, arrived, regraded, closed, reassessed (with <see cref="Thrive"/>: a note on
/// each of the six) or caller-updated (the caller told of a delay; <see cref="Reason"/> may say what was said).
/// A downgrade needs supervisor and reason.
/// </summary>
public sealed record IncidentEventRequest(string? Kind, string? At, string? Grade, string? Supervisor, string? Reason, ThriveRequest? Thrive = null);

public sealed record ThriveRequest(string? Threat, string? Harm, string? Risk, string? Investigation, string? Vulnerability, string? Engagement);

/// <summary>A clock as the API shows it; <see cref="PausedMinutes"/> is time paused so far (never counted towards the target).</summary>
public sealed record ClockView(string Kind, string State, double TargetMinutes, Instant Start, Instant WarningAt, Instant Due, Instant? StoppedAt,
    double RemainingMinutes, double PausedMinutes)
{
    public static ClockView Of(Clock c, Instant now) => new(c.Kind.Name(), ClockStates.Name(c.Evaluate(now)), c.Target.TotalMinutes, c.Start, c.WarningAt,
        c.DueAsOf(now), c.Stop, Math.Round(c.Remaining(now).TotalMinutes, 1), Math.Round(c.Paused(now).TotalMinutes, 1));
}

public sealed record PauseRequest(string? Reason);

public sealed record EventView(int Sequence, string Kind, Instant At, Instant RecordedAt, string Author, string? Reason, string? Grade, string? Supervisor);

public sealed record IncidentView(
    string Reference, Instant CreatedAt, string InitialGrade, string CurrentGrade, bool ChildrenInvolved, string? District, string? Category,
    Instant? DispatchedAt, Instant? ArrivedAt, Instant? ClosedAt, Instant? ReassessedAt, Instant? CallerToldAt,
    IReadOnlyList<ClockView> Clocks, IReadOnlyList<EventView> Events);

/// <summary>The use cases command and control calls as incidents happen.</summary>
public sealed class IncidentCommands(AppDbContext db, Clocks.PolicyVersions policies, IClock clock, Clocks.ChangeSignal signal)
{
    public async Task<IncidentView> CreateAsync(CreateIncidentRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var reference = Input.Reference(request.Reference, "reference", errors);
        var created = Input.Time(request.CreatedAt, "createdAt", errors, required: true);
        Grade grade = default;
        if (request.Grade is null) errors["grade"] = ["grade is required"];
        else if (!Grades.TryParse(request.Grade, out grade)) errors["grade"] = ["grade must be immediate (or emergency), priority, scheduled, resolution or 1-4"];
        if (request.ChildrenInvolved is null) errors["childrenInvolved"] = ["childrenInvolved is required"];
        CheckText(request.District, "district", errors);
        CheckText(request.Category, "category", errors);
        if (errors.Count > 0) throw new InputException(errors);
        var now = clock.GetCurrentInstant();
        if (created!.Value > now + IncidentHistory.ClockSkew)
            throw new RuleException("An incident cannot be created in the future.", isConflict: false);

        if (await db.Incidents.AnyAsync(i => i.Reference == reference, cancellationToken))
            throw new RuleException("An incident with this reference already exists.", isConflict: true);
        var incident = new Incident { Reference = reference! };
        policies.Stamp(incident);
        var policy = policies.Current;
        IncidentProjection.Append(incident,
            new IncidentCreated(created.Value, author, grade, request.ChildrenInvolved!.Value, Input.Blank(request.District), Input.Blank(request.Category)),
            null, policy, now);
        db.Incidents.Add(incident);
        await Input.SaveAsync(db, signal, "incident", cancellationToken);
        return View(incident, now);
    }

    public async Task<IncidentView> AppendAsync(string reference, IncidentEventRequest request, string author, CancellationToken cancellationToken = default)
    {
        var incident = await db.Incidents.Include(i => i.Events).SingleOrDefaultAsync(i => i.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No incident has this reference.");
        var errors = new Dictionary<string, string[]>();
        var at = Input.Time(request.At, "at", errors, required: true);
        CheckText(request.Supervisor, "supervisor", errors, 256);
        if (request.Reason is { Length: > 2000 }) errors["reason"] = ["reason is longer than 2000 characters"];
        IncidentEvent? e = null;
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "dispatched": e = at is { } d ? new IncidentDispatched(d, author) : null; break;
            case "arrived": e = at is { } a ? new IncidentArrived(a, author) : null; break;
            case "closed": e = at is { } c ? new IncidentClosed(c, author) : null; break;
            case "caller-updated": e = at is { } u ? new IncidentCallerUpdated(u, author, Input.Blank(request.Reason)) : null; break;
            case "reassessed":
                var t = request.Thrive;
                var thrive = new Thrive(t?.Threat?.Trim() ?? "", t?.Harm?.Trim() ?? "", t?.Risk?.Trim() ?? "", t?.Investigation?.Trim() ?? "",
                    t?.Vulnerability?.Trim() ?? "", t?.Engagement?.Trim() ?? "");
                foreach (var (name, note) in thrive.Notes())
                {
                    if (note.Length == 0) errors["thrive." + name] = [$"a note on {name} is required"];
                    else if (note.Length > Thrive.MaxNoteLength) errors["thrive." + name] = [$"the note on {name} is longer than {Thrive.MaxNoteLength} characters"];
                }
                if (at is { } ra) e = new IncidentReassessed(ra, author, thrive);
                break;
            case "regraded":
                if (!Grades.TryParse(request.Grade, out var grade)) errors["grade"] = ["grade must be immediate (or emergency), priority, scheduled, resolution or 1-4"];
                else if (at is { } r) e = new IncidentRegraded(r, author, grade, Input.Blank(request.Supervisor), Input.Blank(request.Reason));
                break;
            default:
                errors["kind"] = ["kind must be dispatched, arrived, regraded, closed, reassessed or caller-updated"];
                break;
        }
        if (errors.Count > 0 || e is null) throw new InputException(errors);

        var current = incident.ToFacts();
        var policy = policies.For(db, incident);
        var now = clock.GetCurrentInstant();
        if (IncidentHistory.Check(current, e, now) is { } violation)
            throw new RuleException(violation.Message, violation.IsConflict);
        IncidentProjection.Append(incident, e, current, policy, now);
        await Input.SaveAsync(db, signal, "incident", cancellationToken);
        return View(incident, now);
    }

    /// <summary>
    /// Pauses or resumes one of an incident's clocks, for kinds whose policy allows it. No kind that exists yet does:
    /// attendance is owed however long it takes, so this refuses (409) without changing anything.
    /// </summary>
    public async Task<IncidentView> PauseOrResumeAsync(string reference, string kind, bool pause, PauseRequest request, CancellationToken cancellationToken = default)
    {
        if (!await db.Incidents.AnyAsync(i => i.Reference == reference, cancellationToken))
            throw new NotFoundException("No incident has this reference.");
        var clockKind = Enum.GetValues<ClockKind>().Cast<ClockKind?>().FirstOrDefault(k => k!.Value.Name() == kind)
            ?? throw new NotFoundException("Incidents have no clock of this kind.");
        if (pause && string.IsNullOrWhiteSpace(request.Reason))
            throw InputException.For("reason", "reason is required to pause a clock");
        if (!ClockKinds.AllowsPause(clockKind))
            throw new RuleException($"The {clockKind.Name()} clock cannot be paused or resumed: its policy does not allow it.", isConflict: true);
        // Every kind so far refuses; the first that allows pausing records its ClockPause events here.
        throw new System.Diagnostics.UnreachableException($"{clockKind.Name()} clocks allow pausing, but no pause events exist for them.");
    }

    public async Task<IncidentView> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var incident = await db.Incidents.AsNoTracking().Include(i => i.Events).SingleOrDefaultAsync(i => i.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No incident has this reference.");
        return View(incident, clock.GetCurrentInstant());
    }

    private IncidentView View(Incident incident, Instant now)
    {
        var events = incident.Events.OrderBy(e => e.Sequence).ToList();
        // The facts are re-derived from the events, so what is shown is what the history says.
        var facts = IncidentHistory.Project(events.Select(IncidentEventCodec.FromRecord));
        var policy = policies.For(db, incident);
        var clocks = IncidentHistory.WatchedClocks(facts, policy).Select(c => ClockView.Of(c.Clock, now)).ToList();
        return new IncidentView(incident.Reference, facts.CreatedAt, facts.InitialGrade.Name(), facts.CurrentGrade.Name(), facts.ChildrenInvolved,
            facts.District, facts.Category, facts.DispatchedAt, facts.ArrivedAt, facts.ClosedAt, facts.ReassessedAt, facts.CallerToldAt, clocks,
            [.. events.Select(e => new EventView(e.Sequence, e.Kind, e.At, e.RecordedAt, e.Author, e.Reason, e.Grade?.Name(), e.Supervisor))]);
    }

    private static void CheckText(string? value, string field, Dictionary<string, string[]> errors, int max = Imports.CsvFile.MaxTextLength)
    {
        if (value is { } v && v.Trim().Length > max) errors[field] = [$"{field} is longer than {max} characters"];
    }

}

public static class ClockStates
{
    public static string Name(ClockState state) => state switch
    {
        ClockState.Running => "running",
        ClockState.Warning => "warning",
        ClockState.Breached => "breached",
        ClockState.Met => "met",
        ClockState.MetLate => "met-late",
        ClockState.Cancelled => "cancelled",
        ClockState.Paused => "paused",
    };
}
