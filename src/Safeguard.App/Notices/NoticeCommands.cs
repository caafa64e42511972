using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Notices;

public sealed record SubmitNoticeRequest(string? Reference, string? ChildReference, string? IncidentReference, string? Type, string? OfficerRisk,
    string? OccurredAt, string? SubmittedAt, string? Narrative, string? VoiceOfChild);

public sealed record ReviewNoticeRequest(string? At, string? Rag, string? Rationale, string? Decision, IReadOnlyList<string>? ShareWith, string? RiskChangeReason);

public sealed record ShareNoticeRequest(string? At, string? Agency, string? What, string? LawfulBasis);

/// <summary>Operation Encompass: the child's school was told (<see cref="School"/> defaults to the school on the child's record).</summary>
public sealed record SchoolNotifiedRequest(string? At, string? School, string? What);

/// <summary>The PPN lifecycle: an officer submits, the MASH reviews, the MASH shares with partners. Every step is an event.</summary>
public sealed class NoticeCommands(AppDbContext db, NoticePolicy policy, IClock clock, NoticeQueries queries, Clocks.ChangeSignal signal)
{
    public const int MaxNarrativeLength = 8000;

    public async Task<NoticeView> SubmitAsync(SubmitNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var reference = Input.Reference(request.Reference, "reference", errors);
        var child = Input.Reference(request.ChildReference, "childReference", errors);
        var incident = Input.Reference(request.IncidentReference, "incidentReference", errors, required: false);
        NoticeType type = default;
        if (request.Type is null || !NoticeValues.TryParseType(request.Type, out type)) errors["type"] = ["type must be one of child_concern, domestic_abuse, missing, exploitation, online_abuse, other"];
        OfficerRisk risk = default;
        if (request.OfficerRisk is null || !NoticeValues.TryParseRisk(request.OfficerRisk, out risk)) errors["officerRisk"] = ["officerRisk must be one of standard, medium, high"];
        var occurred = Input.Time(request.OccurredAt, "occurredAt", errors, required: true);
        var now = clock.GetCurrentInstant();
        var submitted = Input.Time(request.SubmittedAt, "submittedAt", errors, required: false) ?? now;
        if (string.IsNullOrWhiteSpace(request.Narrative)) errors["narrative"] = ["narrative is required"];
        else if (request.Narrative.Length > MaxNarrativeLength) errors["narrative"] = [$"narrative is longer than {MaxNarrativeLength} characters"];
        if (request.VoiceOfChild is { Length: > MaxNarrativeLength }) errors["voiceOfChild"] = [$"voiceOfChild is longer than {MaxNarrativeLength} characters"];
        if (occurred is { } o && submitted < o) errors["submittedAt"] = ["submittedAt is before occurredAt"];
        if (errors.Count > 0) throw new InputException(errors);
        if (submitted > now + Domain.Incidents.IncidentHistory.ClockSkew) throw new RuleException("A notice cannot be submitted in the future.", isConflict: false);
        if (await db.Notices.AnyAsync(n => n.Reference == reference, cancellationToken))
            throw new RuleException("A notice with this reference already exists.", isConflict: true);

        var children = new Dictionary<string, Child>(StringComparer.Ordinal);
        await Safeguard.App.Children.ChildRecords.EnsureAsync(db, children, [child!], cancellationToken);
        var record = children[child!];
        var notice = new Notice { Reference = reference!, RecordedAt = now, ChildId = record.Id };
        NoticeProjection.Append(notice, notice.ChildId, new NoticeSubmitted(submitted, author.Name, child!, incident, type, risk, occurred!.Value, request.Narrative!.Trim(), Input.Blank(request.VoiceOfChild)), null,
            policy, record.DateOfBirth, now);
        db.Notices.Add(notice);
        await Input.SaveAsync(db, signal, "notice", cancellationToken);
        await Children.ChildRecords.FlagEscalatingConcernAsync(db, [notice.ChildId], policy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await queries.GetAsync(reference!, author, cancellationToken);
    }

    public async Task<NoticeView> ReviewAsync(string reference, ReviewNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var (notice, facts, born) = await LoadAsync(reference, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, required: false) ?? now;
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
        var agencies = (request.ShareWith ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (agencies.Any(a => a.Length > CsvFile.MaxTextLength)) errors["shareWith"] = [$"agency names are at most {CsvFile.MaxTextLength} characters"];
        if (errors.Count > 0) throw new InputException(errors);
        Record(notice, facts, born, new NoticeReviewed(at, author.Name, rag, request.Rationale?.Trim() ?? "", decision!.Value, agencies, Input.Blank(request.RiskChangeReason)), now);
        await Input.SaveAsync(db, signal, "notice", cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    public async Task<NoticeView> ShareAsync(string reference, ShareNoticeRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var (notice, facts, born) = await LoadAsync(reference, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, required: false) ?? now;
        if (request.Agency is { Length: > CsvFile.MaxTextLength }) errors["agency"] = [$"agency is at most {CsvFile.MaxTextLength} characters"];
        if (request.What is { Length: > 2000 }) errors["what"] = ["what is at most 2000 characters"];
        if (errors.Count > 0) throw new InputException(errors);
        var basis = Input.Blank(request.LawfulBasis) ?? NoticeQueries.DefaultLawfulBasis;
        var e = new NoticeSharedWith(at, author.Name, request.Agency?.Trim() ?? "", request.What?.Trim() ?? "", basis);
        Record(notice, facts, born, e, now);
        var agency = await db.Agencies.SingleOrDefaultAsync(a => a.Name == e.Agency, cancellationToken);
        if (agency is null)
        {
            agency = new Agency { Name = e.Agency };
            db.Agencies.Add(agency);
            await db.SaveChangesAsync(cancellationToken);
        }
        if (await db.NoticeShares.AnyAsync(s => s.NoticeId == notice.Id && s.AgencyId == agency.Id, cancellationToken))
            throw new RuleException("The notice is already shared with this agency.", isConflict: true);
        db.NoticeShares.Add(new NoticeShare { NoticeId = notice.Id, AgencyId = agency.Id, SharedAt = at, SharedBy = author.Name, What = e.What, LawfulBasis = basis });
        await Input.SaveAsync(db, signal, "notice", cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    /// <summary>Operation Encompass: records that the child's school was told, and what was shared.</summary>
    public async Task<NoticeView> SchoolNotifiedAsync(string reference, SchoolNotifiedRequest request, Reader author, CancellationToken cancellationToken = default)
    {
        var (notice, facts, born) = await LoadAsync(reference, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var now = clock.GetCurrentInstant();
        var at = Input.Time(request.At, "at", errors, required: false) ?? now;
        if (request.School is { Length: > 200 }) errors["school"] = ["school is at most 200 characters"];
        if (request.What is { Length: > 2000 }) errors["what"] = ["what is at most 2000 characters"];
        if (errors.Count > 0) throw new InputException(errors);
        var school = Input.Blank(request.School)
            ?? await db.Children.AsNoTracking().Where(c => c.Id == notice.ChildId).Select(c => c.School).SingleAsync(cancellationToken) ?? "";
        Record(notice, facts, born, new NoticeSchoolNotified(at, author.Name, school, request.What?.Trim() ?? ""), now);
        await Input.SaveAsync(db, signal, "notice", cancellationToken);
        return await queries.GetAsync(reference, author, cancellationToken);
    }

    private void Record(Notice notice, NoticeFacts facts, NodaTime.LocalDate? dateOfBirth, NoticeEventBase e, Instant now)
    {
        if (NoticeRules.Check(facts, e, now) is { } violation) throw new RuleException(violation.Message, violation.IsConflict);
        NoticeProjection.Append(notice, notice.ChildId, e, facts, policy, dateOfBirth, now);
    }

    private async Task<(Notice Notice, NoticeFacts Facts, NodaTime.LocalDate? DateOfBirth)> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        var notice = await db.Notices.SingleOrDefaultAsync(n => n.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No notice has this reference.");
        var child = await db.Children.AsNoTracking().Where(c => c.Id == notice.ChildId).Select(c => new { c.Reference, c.DateOfBirth }).SingleAsync(cancellationToken);
        return (notice, NoticeProjection.Facts(notice, child.Reference), child.DateOfBirth);
    }
}
