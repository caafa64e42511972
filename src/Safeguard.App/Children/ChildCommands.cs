using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Incidents;
using Safeguard.App.Notices;
using Safeguard.Domain.Children;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Children;

/// <summary>A child's details; <see cref="DateOfBirth"/> as yyyy-MM-dd. Every field is stated: what is left out is cleared.</summary>
public sealed record ChildDetailsRequest(string? Name, string? DateOfBirth, string? School, bool? ChildProtectionPlan, bool? LookedAfter, bool? ExploitationRisk);

/// <summary>
/// The voice of the child on one contact: <see cref="Seen"/> with who saw the child, whether spoken to alone, what the
/// child said and their demeanour — or the reason the child was not seen. <see cref="IncidentReference"/> links the
/// contact to an incident; a sighting there stops its child-seen clock.
/// </summary>
public sealed record ContactRequest(string? At, string? IncidentReference, bool? Seen, string? SeenBy, bool? SpokenToAlone, string? Said, string? Demeanour,
    string? ReasonNotSeen);

/// <summary>Recording a child's own details and the voice of the child. Each is an event on the child's record.</summary>
public sealed class ChildCommands(AppDbContext db, PolicyVersions policies, NoticePolicy noticePolicy, IClock clock, ChangeSignal signal)
{
    public const string DetailsKind = "details";
    public const string ContactKind = "contact";
    private static JsonSerializerOptions Json => EventRow.DetailsJson;

    /// <summary>Sets the child's details, creating the record for a new reference; returns whether it was created.</summary>
    public async Task<bool> UpdateDetailsAsync(string reference, ChildDetailsRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        reference = Input.Reference(reference, "reference", errors) ?? "";
        var now = clock.GetCurrentInstant();
        LocalDate? born = null;
        if (!string.IsNullOrWhiteSpace(request.DateOfBirth))
        {
            var parsed = LocalDatePattern.Iso.Parse(request.DateOfBirth.Trim());
            if (!parsed.Success) errors["dateOfBirth"] = ["dateOfBirth must be a date as yyyy-MM-dd"];
            else if (parsed.Value > now.InZone(Domain.Time.WallClock.London).Date) errors["dateOfBirth"] = ["dateOfBirth is in the future"];
            else if (parsed.Value.Year < 1900) errors["dateOfBirth"] = ["dateOfBirth is before 1900"];
            else born = parsed.Value;
        }
        if (request.Name is { Length: > ChildDetails.MaxNameLength }) errors["name"] = [$"name is longer than {ChildDetails.MaxNameLength} characters"];
        if (request.School is { Length: > 200 }) errors["school"] = ["school is longer than 200 characters"];
        if (errors.Count > 0) throw new InputException(errors);
        var details = new ChildDetails(Input.Blank(request.Name), born, Input.Blank(request.School), request.ChildProtectionPlan ?? false,
            request.LookedAfter ?? false, request.ExploitationRisk ?? false);

        var child = await db.Children.SingleOrDefaultAsync(c => c.Reference == reference, cancellationToken);
        var created = child is null;
        if (child is null)
        {
            child = new Child { Reference = reference };
            db.Children.Add(child);
        }
        if (!created && child.ToDetails() == details) return false;
        var bornChanged = child.DateOfBirth != details.DateOfBirth;
        (child.Name, child.DateOfBirth, child.School, child.ChildProtectionPlan, child.LookedAfter, child.ExploitationRisk) =
            (details.Name, details.DateOfBirth, details.School, details.ChildProtectionPlan, details.LookedAfter, details.ExploitationRisk);
        Append(child, DetailsKind, now, author, null, JsonSerializer.Serialize(details, Json), now);
        await Input.SaveAsync(db, signal, "record", cancellationToken);
        // Operation Encompass depends on the child's age: the engine looks again at the child's notices.
        if (bornChanged && !created) await RescheduleNoticesAsync(child, now, cancellationToken);
        return created;
    }

    /// <summary>Records a contact with the child (the voice of the child); a sighting on an incident stops its child-seen clock.</summary>
    public async Task RecordContactAsync(string reference, ContactRequest request, string author, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.SingleOrDefaultAsync(c => c.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No child has this reference.");
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, required: true);
        if (request.Seen is null) errors["seen"] = ["seen is required: was the child seen?"];
        foreach (var (field, value) in new[] { ("said", request.Said), ("demeanour", request.Demeanour), ("reasonNotSeen", request.ReasonNotSeen) })
        {
            if (value is { Length: > ChildContact.MaxTextLength }) errors[field] = [$"{field} is longer than {ChildContact.MaxTextLength} characters"];
        }
        if (request.SeenBy is { Length: > 256 }) errors["seenBy"] = ["seenBy is longer than 256 characters"];
        var incidentReference = Input.Reference(request.IncidentReference, "incidentReference", errors, required: false);
        if (errors.Count > 0) throw new InputException(errors);
        var seen = request.Seen!.Value;
        var contact = new ChildContact(at!.Value, author, seen, seen ? Input.Blank(request.SeenBy) : null, seen ? request.SpokenToAlone : null,
            seen ? Input.Blank(request.Said) : null, seen ? Input.Blank(request.Demeanour) : null, seen ? null : Input.Blank(request.ReasonNotSeen), incidentReference);
        if (ChildRules.Check(contact, now) is { } violation) throw new RuleException(violation.Message, violation.IsConflict);

        if (incidentReference is not null)
        {
            var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Reference == incidentReference, cancellationToken)
                ?? throw new RuleException("No incident has this reference.", isConflict: false);
            if (seen)
            {
                var facts = incident.ToFacts();
                var e = new IncidentChildSeen(contact.At, author, child.Reference);
                if (IncidentHistory.Check(facts, e, now) is { } broken) throw new RuleException(broken.Message, broken.IsConflict);
                IncidentProjection.Append(incident, e, facts, policies.For(db, incident), now);
            }
        }
        Append(child, ContactKind, contact.At, author, incidentReference, JsonSerializer.Serialize(contact, Json), now);
        await Input.SaveAsync(db, signal, "record", cancellationToken);
    }

    public static ChildContact? ReadContact(ChildEvent e) => e.Kind == ContactKind && e.Details is not null ? JsonSerializer.Deserialize<ChildContact>(e.Details, Json) : null;

    private static void Append(Child child, string kind, Instant at, string author, string? incidentReference, string details, Instant now)
    {
        child.EventCount++;
        child.Version++;
        child.Events.Add(new ChildEvent
        {
            Sequence = child.EventCount,
            Kind = kind,
            At = at,
            RecordedAt = now,
            Author = author,
            IncidentReference = incidentReference,
            Details = details,
        });
    }

    private async Task RescheduleNoticesAsync(Child child, Instant now, CancellationToken cancellationToken)
    {
        foreach (var notice in await db.Notices.Where(n => n.ChildId == child.Id && n.Type == NoticeType.DomesticAbuse).ToListAsync(cancellationToken))
            NoticeProjection.Schedule(notice, NoticeProjection.Facts(notice, child.Reference), noticePolicy, child.DateOfBirth, now);
        await Input.SaveAsync(db, signal, "record", cancellationToken);
    }
}
