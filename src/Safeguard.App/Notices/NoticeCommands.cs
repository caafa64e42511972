using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Imports;
using Safeguard.App.Incidents;
using Safeguard.App.Subjects;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

public sealed record SubmitNoticeRequest(string? Reference, string? ChildReference, string? IncidentReference, string? Type, string? OfficerRisk,
    string? OccurredAt, string? SubmittedAt, string? Narrative, string? VoiceOfChild);

public sealed record ReviewNoticeRequest(string? At, string? Rag, string? Rationale, string? Decision, IReadOnlyList<string>? ShareWith, string? RiskChangeReason);

/// <summary>Sharing with one agency from the list (its code or listed name); <c>Reason</c> when the review did not name it.</summary>
public sealed record ShareNoticeRequest(string? At, string? Agency, string? What, string? LawfulBasis, string? Reason = null);

/// <summary>Operation Encompass: the child's school was told (<see cref="School"/> defaults to the school on the child's record).</summary>
public sealed record SchoolNotifiedRequest(string? At, string? School, string? What);

/// <summary>
/// The PPN lifecycle: an officer submits, the MASH reviews, the MASH shares with partners. Every step is an event and
/// one transaction: a notice submitted with a new child, its link to the incident (which stops the incident's PPN-due
/// clock) and the child's escalating-concern flag commit together or not at all.
/// </summary>
public sealed class NoticeCommands(SubjectStore store, UnitOfWork work, NoticeModel model, IncidentModel incidents, NoticeQueries queries, Agencies agencyList, IClock clock)
{
    public const int MaxNarrativeLength = 8000;
    public const int MaxRationaleLength = 8000;

    public async Task<NoticeView> SubmitAsync(SubmitNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = store.Policy.Zone;
        var reference = Input.Reference(request.Reference, "reference", errors);
        var child = Input.Reference(request.ChildReference, "childReference", errors);
        var incident = Input.Reference(request.IncidentReference, "incidentReference", errors, required: false);
        NoticeType type = default;
        if (request.Type is null || !NoticeValues.TryParseType(request.Type, out type)) errors["type"] = ["type must be one of child_concern, domestic_abuse, missing, exploitation, online_abuse, other"];
        OfficerRisk risk = default;
        if (request.OfficerRisk is null || !NoticeValues.TryParseRisk(request.OfficerRisk, out risk)) errors["officerRisk"] = ["officerRisk must be one of standard, medium, high"];
        var occurred = Input.Time(request.OccurredAt, "occurredAt", errors, zone, required: true);
        var now = clock.GetCurrentInstant();
        var submitted = Input.Time(request.SubmittedAt, "submittedAt", errors, zone, required: false) ?? now;
        var narrative = Input.Text(request.Narrative, "narrative", errors, MaxNarrativeLength);
        if (narrative is null) errors["narrative"] = ["narrative is required"];
        var voice = Input.Text(request.VoiceOfChild, "voiceOfChild", errors, MaxNarrativeLength);
        if (occurred is { } o && submitted < o) errors["submittedAt"] = ["submittedAt is before occurredAt"];
        Input.ThrowIfAny(errors);
        if (submitted > now + IncidentHistory.ClockSkew) throw new RuleException("A notice cannot be submitted in the future.", isConflict: false);

        await work.RunAsync("notice", async ct =>
        {
            if (await store.Db.Notices.AnyAsync(n => n.Reference == reference, ct))
                throw new RuleException("A notice with this reference already exists.", isConflict: true);
            var about = incident is null ? null
                : await store.FindAsync(incidents, incident, ct) ?? throw new RuleException("No incident has this reference.", isConflict: false);
            var notice = store.Create(model, reference!);
            await store.AppendAsync(model, notice, new NoticeSubmitted(submitted, author.Name, child!, incident, type, risk, occurred!.Value, narrative!, voice), now, ct);
            if (about is not null)
                await store.AppendAsync(incidents, about, new IncidentNoticeLinked(submitted, author.Name, reference!, submitted, child), now, ct);
            await store.Db.SaveChangesAsync(ct); // the flag is worked out over the child's notices, this one included
            await Children.ChildRecords.FlagEscalatingConcernAsync(store.Db, [notice.Subject.ChildId], store.Policy.Notices, ct);
        }, cancellationToken);
        return await queries.GetAsync(reference!, author, cancellationToken);
    }

    public async Task<NoticeView> ReviewAsync(string reference, ReviewNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, store.Policy.Zone, required: false) ?? now;
        Rag rag = default;
        if (request.Rag is null || !NoticeValues.TryParseRag(request.Rag, out rag)) errors["rag"] = ["rag must be red, amber or green"];
        NoticeDecision? decision = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "no_further_action" or "no-further-action" => NoticeDecision.NoFurtherAction,
            "early_help" or "early-help" => NoticeDecision.EarlyHelp,
            "referral_to_childrens_social_care" or "referral-to-childrens-social-care" => NoticeDecision.ReferralToChildrensSocialCare,
            "strategy_discussion" or "strategy-discussion" => NoticeDecision.StrategyDiscussion,
            _ => null,
        };
        if (decision is null) errors["decision"] = ["decision must be no_further_action, early_help, referral_to_childrens_social_care or strategy_discussion"];
        var rationale = Input.Text(request.Rationale, "rationale", errors, MaxRationaleLength);
        var why = Input.Text(request.RiskChangeReason, "riskChangeReason", errors, MaxRationaleLength);
        var named = (request.ShareWith ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).ToList();
        var known = await agencyList.ResolveAsync(named, cancellationToken);
        if (named.FirstOrDefault(a => !known.ContainsKey(a)) is not null)
            errors["shareWith"] = ["Choose the agencies from the list: one of the names is not an agency Safeguard knows"];
        var agencies = named.Where(known.ContainsKey).Select(a => known[a].Name).Distinct(StringComparer.Ordinal).ToList();
        Input.ThrowIfAny(errors);
        await RecordAsync(reference, new NoticeReviewed(at, author.Name, rag, rationale ?? "", decision!.Value, agencies, why), now, null, cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    public async Task<NoticeView> ShareAsync(string reference, ShareNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, store.Policy.Zone, required: false) ?? now;
        var given = Input.Text(request.Agency, "agency", errors, CsvFile.MaxTextLength);
        var what = Input.Text(request.What, "what", errors, 2000);
        var basis = Input.Text(request.LawfulBasis, "lawfulBasis", errors, 200) ?? NoticeQueries.DefaultLawfulBasis;
        var reason = Input.Text(request.Reason, "reason", errors, MaxRationaleLength);
        var agency = await agencyList.FindAsync(given, cancellationToken);
        if (given is null) errors["agency"] = ["Choose the agency to share with"];
        else if (agency is null) errors["agency"] = ["Choose an agency from the list: this is not an agency Safeguard knows"];
        Input.ThrowIfAny(errors);
        var e = new NoticeSharedWith(at, author.Name, agency!.Name, what ?? "", basis, reason);
        await RecordAsync(reference, e, now, async (notice, ct) =>
        {
            var db = store.Db;
            if (await db.NoticeShares.AnyAsync(s => s.NoticeId == notice.Id && s.AgencyId == agency.Id, ct))
                throw new RuleException("The notice is already shared with this agency.", isConflict: true);
            db.NoticeShares.Add(new NoticeShare { NoticeId = notice.Id, AgencyId = agency!.Id, SharedAt = at, SharedBy = author.Name, What = e.What, LawfulBasis = basis });
        }, cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    /// <summary>Operation Encompass: records that the child's school was told, and what was shared.</summary>
    public async Task<NoticeView> SchoolNotifiedAsync(string reference, SchoolNotifiedRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, store.Policy.Zone, required: false) ?? now;
        var school = Input.Text(request.School, "school", errors, Domain.Children.ChildDetails.MaxSchoolLength);
        var what = Input.Text(request.What, "what", errors, 2000);
        Input.ThrowIfAny(errors);
        await work.RunAsync("notice", async ct =>
        {
            var notice = await store.FindAsync(model, reference, ct) ?? throw new NotFoundException("No notice has this reference.");
            // The school on the child's record is taken when none is given, unless the record is restricted (it is not shown then).
            var known = notice.Subject.Child.RestrictedAt is null ? notice.Subject.Child.School : null;
            await store.RecordAsync(model, notice, new NoticeSchoolNotified(at, author.Name, school ?? known ?? "", what ?? ""), now, ct);
        }, cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    private Task RecordAsync(string reference, NoticeEvent e, Instant now, Func<Notice, CancellationToken, Task>? also, CancellationToken cancellationToken) =>
        work.RunAsync("notice", async ct =>
        {
            var notice = await store.FindAsync(model, reference, ct) ?? throw new NotFoundException("No notice has this reference.");
            await store.RecordAsync(model, notice, e, now, ct);
            if (also is not null) await also(notice.Subject, ct);
        }, cancellationToken);
}
