using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Incidents;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Children;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Children;

/// <summary>A child's details; <see cref="DateOfBirth"/> as yyyy-MM-dd. Every field is stated: what is left out is cleared.</summary>
public sealed record ChildDetailsRequest(string? Name, string? DateOfBirth, string? School, bool? ChildProtectionPlan, bool? LookedAfter, bool? ExploitationRisk);

/// <summary>
/// The voice of the child on one contact: <see cref="Seen"/> with who saw the child, whether spoken to alone, what the
/// child said and their demeanour — or the reason the child was not seen. <see cref="IncidentReference"/> links the
/// contact to an incident (naming the child on it); a sighting there stops that child's child-seen clock.
/// </summary>
public sealed record ContactRequest(string? At, string? IncidentReference, bool? Seen, string? SeenBy, bool? SpokenToAlone, string? Said, string? Demeanour,
    string? ReasonNotSeen);

/// <summary>Recording a child's own details and the voice of the child. Each is an event on the child's record, and one transaction.</summary>
public sealed class ChildCommands(SubjectStore store, UnitOfWork work, ChildModel model, IncidentModel incidents, NoticeModel notices, Retention.RecordRetention retention,
    IClock clock)
{
    /// <summary>
    /// Sets the child's details given in <paramref name="request"/>, leaving those it omits as they were, creating the
    /// record for a new reference; returns whether it was created.
    /// </summary>
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
            else if (parsed.Value > now.InZone(store.Policy.Zone).Date) errors["dateOfBirth"] = ["dateOfBirth is in the future"];
            else if (parsed.Value.Year < 1900) errors["dateOfBirth"] = ["dateOfBirth is before 1900"];
            else born = parsed.Value;
        }
        var name = Input.Text(request.Name, "name", errors, ChildDetails.MaxNameLength);
        var school = Input.Text(request.School, "school", errors, ChildDetails.MaxSchoolLength);
        Input.ThrowIfAny(errors);

        return await work.RunAsync("record", async ct =>
        {
            var child = await store.FindAsync(model, reference, ct);
            if (child is not null) ChildRestriction.CheckWritable(child.Subject);
            var created = child is null;
            child ??= store.Create(model, reference);
            var before = child.Subject.ToDetails();
            // What the request leaves out stays as it was (a flag is never cleared by omission); blank text clears.
            var details = new ChildDetails(
                request.Name is null ? before.Name : name,
                request.DateOfBirth is null ? before.DateOfBirth : born,
                request.School is null ? before.School : school,
                request.ChildProtectionPlan ?? before.ChildProtectionPlan,
                request.LookedAfter ?? before.LookedAfter,
                request.ExploitationRisk ?? before.ExploitationRisk);
            if (!created && before == details) return false;
            await store.RecordAsync(model, child, new ChildDetailsRecorded(now, author, details), now, ct);
            // The flags decide the retention group of every record about the child.
            if (!created && (before.ChildProtectionPlan, before.LookedAfter, before.ExploitationRisk) != (details.ChildProtectionPlan, details.LookedAfter, details.ExploitationRisk))
                await retention.ReviewRecordsOfAsync(store.Db, child.Subject, ct);
            // Operation Encompass depends on the child's age: the ledger works out the child's domestic-abuse notices again.
            if (!created && before.DateOfBirth != details.DateOfBirth)
            {
                var references = await store.Db.Notices.Where(n => n.ChildId == child.Subject.Id && n.Type == NoticeType.DomesticAbuse).Select(n => n.Reference).ToListAsync(ct);
                foreach (var notice in (await store.FindManyAsync(notices, references, ct)).Values)
                    await store.RefreshAsync(notices, notice, author, now, ct);
            }
            return created;
        }, cancellationToken);
    }

    /// <summary>Records a contact with the child (the voice of the child); a sighting on an incident stops that child's child-seen clock.</summary>
    public async Task RecordContactAsync(string reference, ContactRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, store.Policy.Zone, required: true);
        if (request.Seen is null) errors["seen"] = ["seen is required: was the child seen?"];
        var said = Input.Text(request.Said, "said", errors, ChildContact.MaxTextLength);
        var demeanour = Input.Text(request.Demeanour, "demeanour", errors, ChildContact.MaxTextLength);
        var reasonNotSeen = Input.Text(request.ReasonNotSeen, "reasonNotSeen", errors, ChildContact.MaxTextLength);
        var seenBy = Input.Text(request.SeenBy, "seenBy", errors, 256);
        var incidentReference = Input.Reference(request.IncidentReference, "incidentReference", errors, required: false);
        Input.ThrowIfAny(errors);
        var seen = request.Seen!.Value;
        var contact = new ChildContact(at!.Value, author, seen, seen ? seenBy : null, seen ? request.SpokenToAlone : null,
            seen ? said : null, seen ? demeanour : null, seen ? null : reasonNotSeen, incidentReference);
        if (ChildRules.Check(contact, now) is { } violation) throw new RuleException(violation.Message, violation.IsConflict);

        await work.RunAsync("record", async ct =>
        {
            // A contact about an incident may be the first Safeguard hears of the child: the record is made then.
            var child = await store.FindAsync(model, reference, ct)
                ?? (incidentReference is not null && Input.Reference(reference, "reference", []) is { } fresh ? store.Create(model, fresh) : null)
                ?? throw new NotFoundException("No child has this reference.");
            // A contact is what protects the child: it is recorded on a restricted record too (Art. 18(2)), and a merged
            // duplicate's goes to the record it was merged into.
            if (child.Subject.MergedIntoId is { } into)
                child = await store.FindAsync(model, await store.Db.Children.Where(c => c.Id == into).Select(c => c.Reference).SingleAsync(ct), ct)
                    ?? throw new NotFoundException("No child has this reference.");
            if (incidentReference is not null)
            {
                var incident = await store.FindAsync(incidents, incidentReference, ct) ?? throw new RuleException("No incident has this reference.", isConflict: false);
                // The incident may name the child by a duplicate's reference merged into this record: its clock is under that name.
                var names = await store.Db.Children.Where(c => c.Id == child.Subject.Id || c.MergedIntoId == child.Subject.Id).Select(c => c.Reference).ToListAsync(ct);
                var named = incident.Current.NamedChildren.Select(c => c.Reference).FirstOrDefault(names.Contains);
                if (seen) await store.RecordAsync(incidents, incident, new IncidentChildSeen(contact.At, author, named ?? child.Subject.Reference), now, ct);
                else if (named is null)
                    await store.RecordAsync(incidents, incident, new IncidentChildLinked(contact.At, author, child.Subject.Reference), now, ct);
            }
            await store.RecordAsync(model, child, new ChildContacted(contact.At, author, contact), now, ct);
        }, cancellationToken);
    }
}
