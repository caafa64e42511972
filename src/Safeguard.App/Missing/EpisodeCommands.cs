using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Imports;
using Safeguard.App.Incidents;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Time;

namespace Safeguard.App.Missing;

public sealed record RiskInformationRequest(string? Item, string? Source, string? ObtainedAt);

public sealed record ReportEpisodeRequest(string? Reference, string? ChildReference, string? ReportedAt, string? Risk, string? District,
    IReadOnlyList<RiskInformationRequest>? Information);

/// <summary>
/// An event to append to an episode: kind is attended, reviewed (risk, information, and a reason when the level
/// changes), action (action: school-contacted, family-contacted, friends-contacted, place-searched; note), found (where,
/// foundBy), prevention-interview, return-interview-offered, return-interview-held or exploitation-indicator (indicator).
/// </summary>
public sealed record EpisodeEventRequest(string? Kind, string? At, string? Risk, string? Reason, IReadOnlyList<RiskInformationRequest>? Information,
    string? Action, string? Note, string? Where, string? FoundBy, string? Indicator);

public sealed record EpisodeView(
    string Reference, string ChildReference, bool ChildRepeatMissing, Instant ReportedAt, string RiskAtReport, string CurrentRisk, string? District,
    Instant? AttendedAt, Instant? FoundAt, Instant? PreventionInterviewAt, Instant? ReturnInterviewOfferedAt, Instant? SchoolContactedAt,
    int ExploitationIndicators, IReadOnlyList<ClockView> Clocks, IReadOnlyList<EpisodeEventView> Events);

public sealed record EpisodeEventView(int Sequence, string Kind, Instant At, Instant RecordedAt, string Author, string? Reason, string? Details);

/// <summary>The use cases behind the missing-children API: report an episode, append what happens, read it with its clocks.</summary>
public sealed class EpisodeCommands(AppDbContext db, MissingPolicy policy, IClock clock, Clocks.ChangeSignal signal)
{
    private const string RiskValues = "risk must be one of very_low, low, medium, high";

    public async Task<EpisodeView> ReportAsync(ReportEpisodeRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var reference = Input.Reference(request.Reference, "reference", errors);
        var childReference = Input.Reference(request.ChildReference, "childReference", errors);
        var reported = Input.Time(request.ReportedAt, "reportedAt", errors, required: true);
        RiskLevel risk = default;
        if (!RiskLevels.TryParse(request.Risk, out risk)) errors["risk"] = [RiskValues];
        if (request.District is { Length: > CsvFile.MaxTextLength }) errors["district"] = [$"district is longer than {CsvFile.MaxTextLength} characters"];
        var information = Information(request.Information, errors);
        if (errors.Count > 0) throw new InputException(errors);
        var now = clock.GetCurrentInstant();
        if (reported!.Value > now + Domain.Incidents.IncidentHistory.ClockSkew)
            throw new RuleException("An episode cannot be reported in the future.", isConflict: false);
        if (await db.MissingEpisodes.AnyAsync(m => m.Reference == reference, cancellationToken))
            throw new RuleException("An episode with this reference already exists.", isConflict: true);

        var child = await db.Children.SingleOrDefaultAsync(c => c.Reference == childReference, cancellationToken);
        if (child is null)
        {
            child = new Child { Reference = childReference! };
            db.Children.Add(child);
            await db.SaveChangesAsync(cancellationToken);
        }
        var episode = new MissingEpisode { Reference = reference! };
        EpisodeProjection.Append(episode, child.Id,
            new EpisodeReported(reported.Value, author, childReference!, risk, string.IsNullOrWhiteSpace(request.District) ? null : request.District.Trim(), information),
            null, policy, now);
        db.MissingEpisodes.Add(episode);
        await Input.SaveAsync(db, signal, "episode", cancellationToken);
        await Children.ChildRecords.FlagRepeatMissingAsync(db, [child.Id], policy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(reference!, cancellationToken);
    }

    public async Task<EpisodeView> AppendAsync(string reference, EpisodeEventRequest request, string author, CancellationToken cancellationToken = default)
    {
        var (episode, child) = await LoadAsync(reference, tracked: true, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var at = Input.Time(request.At, "at", errors, required: true);
        foreach (var (field, value) in new[] { ("reason", request.Reason), ("note", request.Note), ("where", request.Where), ("foundBy", request.FoundBy), ("indicator", request.Indicator) })
            if (value is { Length: > EpisodeHistory.MaxTextLength }) errors[field] = [$"{field} is longer than {EpisodeHistory.MaxTextLength} characters"];
        EpisodeEvent? e = null;
        var a = at ?? default;
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "attended": e = new EpisodeAttended(a, author); break;
            case "reviewed":
                if (!RiskLevels.TryParse(request.Risk, out var risk)) errors["risk"] = [RiskValues];
                e = new EpisodeReviewed(a, author, risk, Input.Blank(request.Reason), Information(request.Information, errors));
                break;
            case "action":
                EpisodeActionKind? kind = request.Action?.Trim().ToLowerInvariant() switch
                {
                    "school-contacted" => EpisodeActionKind.SchoolContacted,
                    "family-contacted" => EpisodeActionKind.FamilyContacted,
                    "friends-contacted" => EpisodeActionKind.FriendsContacted,
                    "place-searched" => EpisodeActionKind.PlaceSearched,
                    _ => null,
                };
                if (kind is null) errors["action"] = ["action must be school-contacted, family-contacted, friends-contacted or place-searched"];
                else e = new EpisodeActionTaken(a, author, kind.Value, Input.Blank(request.Note));
                break;
            case "found":
                if (string.IsNullOrWhiteSpace(request.Where)) errors["where"] = ["where the child was found is required"];
                if (string.IsNullOrWhiteSpace(request.FoundBy)) errors["foundBy"] = ["who found the child is required"];
                e = new EpisodeFound(a, author, request.Where?.Trim() ?? "", request.FoundBy?.Trim() ?? "");
                break;
            case "prevention-interview": e = new PreventionInterviewHeld(a, author); break;
            case "return-interview-offered": e = new ReturnInterviewOffered(a, author); break;
            case "return-interview-held": e = new ReturnInterviewHeld(a, author); break;
            case "exploitation-indicator":
                if (string.IsNullOrWhiteSpace(request.Indicator)) errors["indicator"] = ["the indicator is required"];
                e = new ExploitationIndicatorRecorded(a, author, request.Indicator?.Trim() ?? "");
                break;
            default:
                errors["kind"] = ["kind must be attended, reviewed, action, found, prevention-interview, return-interview-offered, return-interview-held or exploitation-indicator"];
                break;
        }
        if (errors.Count > 0 || e is null) throw new InputException(errors);

        var state = EpisodeProjection.State(episode, child.Reference);
        var now = clock.GetCurrentInstant();
        if (EpisodeHistory.Check(state, e, now) is { } violation) throw new RuleException(violation.Message, violation.IsConflict);
        EpisodeProjection.Append(episode, child.Id, e, state, policy, now);
        await Input.SaveAsync(db, signal, "episode", cancellationToken);
        return await GetAsync(reference, cancellationToken);
    }

    public async Task<EpisodeView> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var (episode, child) = await LoadAsync(reference, tracked: false, cancellationToken);
        var events = episode.Events.OrderBy(e => e.Sequence).ToList();
        var state = EpisodeHistory.Project(events.Select(EpisodeProjection.FromRecord));
        var now = clock.GetCurrentInstant();
        var f = state.Facts;
        var clocks = EpisodeHistory.Clocks(state, policy).Select(c => new ClockView(c.Kind.Name(), ClockStates.Name(c.Evaluate(now)), c.Target.TotalMinutes,
            c.Start, c.WarningAt, c.DueAsOf(now), c.Stop, Math.Round(c.Remaining(now).TotalMinutes, 1), Math.Round(c.Paused(now).TotalMinutes, 1))).ToList();
        return new EpisodeView(episode.Reference, child.Reference, child.RepeatMissingSince is not null, f.ReportedAt, f.RiskAtReport.Name(), f.CurrentRisk.Name(),
            f.District, f.AttendedAt, f.FoundAt, f.PreventionInterviewAt, f.ReturnInterviewOfferedAt, f.SchoolContactedAt, state.ExploitationIndicators, clocks,
            [.. events.Select(e => new EpisodeEventView(e.Sequence, e.Kind, e.At, e.RecordedAt, e.Author, e.Reason, e.Details))]);
    }

    private async Task<(MissingEpisode Episode, Child Child)> LoadAsync(string reference, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.MissingEpisodes.Include(m => m.Events).Where(m => m.Reference == reference);
        var episode = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("No missing episode has this reference.");
        var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == episode.ChildId, cancellationToken);
        return (episode, child);
    }

    private static List<RiskInformation> Information(IReadOnlyList<RiskInformationRequest>? items, Dictionary<string, string[]> errors)
    {
        var result = new List<RiskInformation>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var obtained = Input.Time(item.ObtainedAt, $"information[{i}].obtainedAt", errors, required: true);
            if (string.IsNullOrWhiteSpace(item.Item)) errors[$"information[{i}].item"] = ["what the information is, is required"];
            if (string.IsNullOrWhiteSpace(item.Source)) errors[$"information[{i}].source"] = ["where the information came from is required"];
            if ((item.Item?.Length ?? 0) > EpisodeHistory.MaxTextLength || (item.Source?.Length ?? 0) > EpisodeHistory.MaxTextLength)
                errors[$"information[{i}]"] = [$"item and source are at most {EpisodeHistory.MaxTextLength} characters"];
            if (obtained is { } at && !string.IsNullOrWhiteSpace(item.Item) && !string.IsNullOrWhiteSpace(item.Source))
                result.Add(new RiskInformation(item.Item.Trim(), item.Source.Trim(), at));
        }
        return result;
    }

}
