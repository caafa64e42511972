using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Imports;
using Safeguard.App.Subjects;
using Safeguard.Domain.Missing;

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
    int ExploitationIndicators, IReadOnlyList<ClockView> Clocks, IReadOnlyList<EventView> Events);

/// <summary>
/// The use cases behind the missing-children API: report an episode, append what happens, read it with its clocks.
/// Each is one transaction: an episode reported with a new child and the child's repeat-missing flag commit together.
/// </summary>
public sealed class EpisodeCommands(SubjectStore store, UnitOfWork work, EpisodeModel model, IClock clock)
{
    /// <summary>What an action's <c>action</c> field takes: its key and what was done (the one table for the API and the form).</summary>
    public static IReadOnlyList<(string Key, EpisodeActionKind Kind)> ActionKinds { get; } =
    [
        ("school-contacted", EpisodeActionKind.SchoolContacted), ("family-contacted", EpisodeActionKind.FamilyContacted),
        ("friends-contacted", EpisodeActionKind.FriendsContacted), ("place-searched", EpisodeActionKind.PlaceSearched),
    ];

    /// <summary>The interviews after a return: the event kind's key and the event it records.</summary>
    public static IReadOnlyList<(string Key, Func<Instant, string, EpisodeEvent> Record)> InterviewKinds { get; } =
    [
        ("prevention-interview", (at, author) => new PreventionInterviewHeld(at, author)),
        ("return-interview-offered", (at, author) => new ReturnInterviewOffered(at, author)),
        ("return-interview-held", (at, author) => new ReturnInterviewHeld(at, author)),
    ];

    private const string RiskValues = "risk must be one of very_low, low, medium, high";

    public async Task<EpisodeView> ReportAsync(ReportEpisodeRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = store.Policy.Zone;
        var reference = Input.Reference(request.Reference, "reference", errors);
        var childReference = Input.Reference(request.ChildReference, "childReference", errors);
        var reported = Input.Time(request.ReportedAt, "reportedAt", errors, zone, required: true);
        RiskLevel risk = default;
        if (!RiskLevels.TryParse(request.Risk, out risk)) errors["risk"] = [RiskValues];
        var district = Input.Text(request.District, "district", errors, CsvFile.MaxTextLength);
        var information = Information(request.Information, errors, zone);
        Input.ThrowIfAny(errors);
        var now = clock.GetCurrentInstant();
        if (reported!.Value > now + Domain.Incidents.IncidentHistory.ClockSkew)
            throw new RuleException("An episode cannot be reported in the future.", isConflict: false);

        await work.RunAsync("episode", async ct =>
        {
            if (await store.Db.MissingEpisodes.AnyAsync(m => m.Reference == reference, ct))
                throw new RuleException("An episode with this reference already exists.", isConflict: true);
            var episode = store.Create(model, reference!);
            await store.AppendAsync(model, episode, new EpisodeReported(reported.Value, author, childReference!, risk, district, information), now, ct);
            await store.Db.SaveChangesAsync(ct); // the flag is worked out over the child's episodes, this one included
            await Children.ChildRecords.FlagRepeatMissingAsync(store.Db, [episode.Subject.ChildId], store.Policy.Missing, ct);
        }, cancellationToken);
        return await GetAsync(reference!, cancellationToken);
    }

    public async Task<EpisodeView> AppendAsync(string reference, EpisodeEventRequest request, string author, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var zone = store.Policy.Zone;
        var at = Input.Time(request.At, "at", errors, zone, required: true);
        foreach (var (field, value) in new[] { ("reason", request.Reason), ("note", request.Note), ("where", request.Where), ("foundBy", request.FoundBy), ("indicator", request.Indicator) })
            Input.Text(value, field, errors, EpisodeHistory.MaxTextLength);
        EpisodeEvent? e = null;
        var a = at ?? default;
        switch (request.Kind?.Trim().ToLowerInvariant())
        {
            case "attended": e = new EpisodeAttended(a, author); break;
            case "reviewed":
                if (!RiskLevels.TryParse(request.Risk, out var risk)) errors["risk"] = [RiskValues];
                e = new EpisodeReviewed(a, author, risk, Input.Blank(request.Reason), Information(request.Information, errors, zone));
                break;
            case "action":
                var kind = ActionKinds.FirstOrDefault(k => k.Key == request.Action?.Trim().ToLowerInvariant());
                if (kind.Key is null) errors["action"] = [$"action must be {string.Join(", ", ActionKinds.SkipLast(1).Select(k => k.Key))} or {ActionKinds[^1].Key}"];
                else e = new EpisodeActionTaken(a, author, kind.Kind, Input.Blank(request.Note));
                break;
            case "found":
                if (string.IsNullOrWhiteSpace(request.Where)) errors["where"] = ["where the child was found is required"];
                if (string.IsNullOrWhiteSpace(request.FoundBy)) errors["foundBy"] = ["who found the child is required"];
                e = new EpisodeFound(a, author, request.Where?.Trim() ?? "", request.FoundBy?.Trim() ?? "");
                break;
            case var interview when InterviewKinds.FirstOrDefault(k => k.Key == interview).Record is { } record: e = record(a, author); break;
            case "exploitation-indicator":
                if (string.IsNullOrWhiteSpace(request.Indicator)) errors["indicator"] = ["the indicator is required"];
                e = new ExploitationIndicatorRecorded(a, author, request.Indicator?.Trim() ?? "");
                break;
            default:
                errors["kind"] = ["kind must be attended, reviewed, action, found, prevention-interview, return-interview-offered, return-interview-held or exploitation-indicator"];
                break;
        }
        Input.ThrowIfAny(errors);
        await work.RunAsync("episode", async ct =>
        {
            var episode = await store.FindAsync(model, reference, ct) ?? throw new NotFoundException("No missing episode has this reference.");
            await store.RecordAsync(model, episode, e!, clock.GetCurrentInstant(), ct);
        }, cancellationToken);
        return await GetAsync(reference, cancellationToken);
    }

    public async Task<EpisodeView> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var db = store.Db;
        var episode = await db.MissingEpisodes.AsNoTracking().Include(m => m.Events).Include(m => m.Child).SingleOrDefaultAsync(m => m.Reference == reference, cancellationToken)
            ?? throw new NotFoundException("No missing episode has this reference.");
        var events = episode.Events.OrderBy(e => e.Sequence).Select(row => (Row: row, Event: EventCodec.Read(Records.Missing, row))).ToList();
        var state = EpisodeHistory.Project(events.Select(e => e.Event).OfType<EpisodeEvent>());
        var now = clock.GetCurrentInstant();
        var f = state.Facts;
        return new EpisodeView(episode.Reference, episode.Child.Reference, episode.Child.RepeatMissingSince is not null, f.ReportedAt, f.RiskAtReport.Name(), f.CurrentRisk.Name(),
            f.District, f.AttendedAt, f.FoundAt, f.PreventionInterviewAt, f.ReturnInterviewOfferedAt, f.SchoolContactedAt, state.ExploitationIndicators,
            await LedgerViews.OfSubjectAsync(db, episode.Id, now, cancellationToken), [.. events.Select(e => EventView.Of(e.Row, e.Event))]);
    }

    private static List<RiskInformation> Information(IReadOnlyList<RiskInformationRequest>? items, Dictionary<string, string[]> errors, DateTimeZone zone)
    {
        var result = new List<RiskInformation>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var item = items![i];
            var obtained = Input.Time(item.ObtainedAt, $"information[{i}].obtainedAt", errors, zone, required: true);
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
