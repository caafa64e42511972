using System.Text.Json;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Time;

namespace Safeguard.App.Incidents;

/// <summary>Which of an EIDO's priorities the grade is read from.</summary>
public enum EidoPriority
{
    /// <summary><c>incidentCommonPriorityNumber</c>: 0 to 10, 10 the most urgent.</summary>
    Common,

    /// <summary><c>incidentPriorityInternalText</c>: the force's own priority codes.</summary>
    Internal,
}

/// <summary>
/// Configuration section <c>Eido</c>: how an EIDO's priority becomes a grade. <c>PriorityFrom</c> is <c>Common</c>
/// (the default) or <c>Internal</c>; <c>Grades</c> maps its values (case-insensitive, <c>*</c> for any other) to grades;
/// an internal value the map does not name, with no <c>*</c>, is read as a grade itself (<c>immediate</c>, <c>2</c>…);
/// anything else is refused.
/// </summary>
public sealed class EidoOptions
{
    public EidoPriority PriorityFrom { get; init; } = EidoPriority.Common;

    public IReadOnlyDictionary<string, Grade> Grades { get; init; } = new Dictionary<string, Grade>();

    /// <summary>The section read and checked: every target a grade, or the host does not start (saying which).</summary>
    public static EidoOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Eido");
        var from = section["PriorityFrom"];
        var priority = EidoPriority.Common;
        if (from is not null && !Enum.TryParse(from, ignoreCase: true, out priority))
            throw new InvalidOperationException($"Eido:PriorityFrom is not usable: '{from}' is neither Common nor Internal");
        var grades = new Dictionary<string, Grade>(StringComparer.OrdinalIgnoreCase);
        // An entry set blank is no entry (how an override takes one away).
        foreach (var entry in section.GetSection("Grades").GetChildren().Where(e => !string.IsNullOrWhiteSpace(e.Value)))
        {
            if (!Domain.Incidents.Grades.TryParse(entry.Value, out var grade))
                throw new InvalidOperationException($"Eido:Grades:{entry.Key} is not usable: '{entry.Value}' is not a grade (immediate, priority, scheduled, resolution or 1-4)");
            grades[entry.Key.Trim()] = grade;
        }
        return new EidoOptions { PriorityFrom = priority, Grades = grades };
    }

    /// <summary>
    /// The grade a priority maps to, as a profile maps a value (<see cref="Imports.CsvSource.TryMap{T}"/>: its own entry,
    /// else <c>*</c>); an internal priority neither names may be a grade itself; else null.
    /// </summary>
    public Grade? GradeOf(string priority) =>
        Imports.CsvSource.TryMap(Grades, priority, out var grade) ? grade
        : PriorityFrom == EidoPriority.Internal && Domain.Incidents.Grades.TryParse(priority, out grade) ? grade
        : null;
}

/// <summary>A snapshot read from an EIDO document, with the identifiers that say which incident it is of.</summary>
public sealed record EidoSnapshot(string Reference, string TrackingId, CadSnapshot Snapshot);

/// <summary>
/// Reads a NENA EIDO (NENA-STA-021) JSON document as a snapshot of one incident. Only what the clocks and figures need is
/// taken; nothing else in it (names, locations, call-back numbers, notes) is read, kept or logged:
/// <list type="bullet">
/// <item>the reference: <c>incidentComponent.internalIncidentId</c> (the force's incident number); the EIDO's own
/// <c>$id</c> is the incident's tracking identifier, the same in all its snapshots;</item>
/// <item>as of when: <c>incidentComponent.lastUpdateTimeStamp</c>, or the document's;</item>
/// <item>the grade: the configured priority through <see cref="EidoOptions"/>;</item>
/// <item>closed: <c>incidentStatusCommonRegistryText</c> holds <c>Closed</c> or <c>Cancelled</c> (and not <c>ReOpened</c>);</item>
/// <item>the call: the earliest <c>callComponent[].callStartTimestamp</c>;</item>
/// <item>dispatched: the earliest <c>lastUpdateTimeStamp</c> of a resource whose status shows it assigned (Assigned,
/// Dispatched, AcknowledgedTransmission, EnRoute, Arrived, OnScene…, its assignment not cancelled), or the incident's
/// time when its status is ResourcesAssigned, ResourcesEnroute or ResourcesOnscene; arrived: likewise for OnScene, or
/// Arrived not at an alternate location, or ResourcesOnscene;</item>
/// <item>district and category: <c>beatOrDispatchGroupText</c>, <c>incidentTypeInternalText</c> (or the common type);</item>
/// <item>children involved: a person whose <c>ageMeasure</c> or <c>birthDate</c> (NIEM) makes them under 18 when the
/// call started.</item>
/// </list>
/// Every problem is given at once, under its JSON path; property names are matched regardless of case.
/// </summary>
public static class EidoDocument
{
    public const int MaxTrackingIdLength = 255;

    private static readonly string[] Assigned =
        ["Assigned", "Dispatched", "AcknowledgedTransmission", "EnRoute", "Arrived", "OnScene", "Staging", "PatientContact", "Transporting", "Backup", "Delayed"];

    private static readonly string[] ResourcesAssigned = ["ResourcesAssigned", "ResourcesEnroute", "ResourcesOnscene"];

    public static EidoSnapshot Read(JsonElement eido, EidoOptions options, DateTimeZone zone, Instant now)
    {
        var errors = new Dictionary<string, string[]>();
        if (eido.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The body must be one EIDO document: a JSON object"];
            Input.ThrowIfAny(errors);
        }

        var trackingId = Input.Text(Text(eido, "$id"), "$id", errors, MaxTrackingIdLength);
        if (trackingId is null && !errors.ContainsKey("$id")) errors["$id"] = ["$id is required: the EIDO's incident tracking identifier"];
        var documentAt = Time(eido, "lastUpdateTimeStamp", "lastUpdateTimeStamp", errors, zone, now);

        var incident = Property(eido, "incidentComponent");
        string? reference = null;
        Instant? at = documentAt;
        Grade? grade = null;
        var closed = false;
        var statuses = new List<string>();
        string? district = null, category = null;
        if (incident is not { ValueKind: JsonValueKind.Object } component)
            errors["incidentComponent"] = ["incidentComponent is required: the incident the snapshot is of"];
        else
        {
            reference = Input.Reference(Text(component, "internalIncidentId"), "incidentComponent.internalIncidentId", errors);
            at = Time(component, "lastUpdateTimeStamp", "incidentComponent.lastUpdateTimeStamp", errors, zone, now) ?? documentAt;
            grade = GradeOf(component, options, errors);
            statuses = Texts(component, "incidentStatusCommonRegistryText").ToList();
            closed = statuses.Any(s => Is(s, "Closed") || Is(s, "Cancelled")) && !statuses.Any(s => Is(s, "ReOpened"));
            district = Input.Text(Text(component, "beatOrDispatchGroupText"), "incidentComponent.beatOrDispatchGroupText", errors, Imports.CsvFile.MaxTextLength);
            var type = Text(component, "incidentTypeInternalText") is { } internalType ? ("incidentTypeInternalText", internalType)
                : ("incidentTypeCommonRegistryText", Text(component, "incidentTypeCommonRegistryText"));
            category = Input.Text(type.Item2, "incidentComponent." + type.Item1, errors, Imports.CsvFile.MaxTextLength);
        }
        if (at is null && !errors.Keys.Any(k => k.EndsWith("lastUpdateTimeStamp", StringComparison.Ordinal)))
            errors["lastUpdateTimeStamp"] = ["lastUpdateTimeStamp is required (of the document or its incidentComponent): when the snapshot was true"];

        Instant? callStarted = null;
        foreach (var (call, i) in Items(eido, "callComponent").Select((c, i) => (c, i)))
            callStarted = IncidentHistory.Earliest(callStarted, Time(call, "callStartTimestamp", $"callComponent[{i}].callStartTimestamp", errors, zone, now));

        Instant? dispatched = statuses.Any(s => ResourcesAssigned.Any(r => Is(s, r))) ? at : null;
        Instant? arrived = statuses.Any(s => Is(s, "ResourcesOnscene")) ? at : null;
        foreach (var (resource, i) in Items(eido, "emergencyResourceComponent").Select((r, i) => (r, i)))
        {
            var status = Texts(resource, "secondaryUnitStatusRegistryText").ToList();
            if (status.Any(s => Is(s, "AssignmentCancelled"))) continue;
            var onScene = status.Any(s => Is(s, "OnScene")) || (status.Any(s => Is(s, "Arrived")) && !status.Any(s => Is(s, "AlternateLocation")));
            if (!onScene && !status.Any(s => Assigned.Any(a => Is(s, a)))) continue;
            // A resource's status holds from its own last update; without one, from the snapshot's.
            var when = Time(resource, "lastUpdateTimeStamp", $"emergencyResourceComponent[{i}].lastUpdateTimeStamp", errors, zone, now) ?? at;
            dispatched = IncidentHistory.Earliest(dispatched, when);
            if (onScene) arrived = IncidentHistory.Earliest(arrived, when);
        }

        var children = false;
        var ageOn = (callStarted ?? at ?? now).InZone(zone).Date;
        foreach (var (person, i) in Items(eido, "personComponent").Select((p, i) => (p, i)))
            children |= UnderEighteen(Property(person, "ncPersonComponent"), ageOn, $"personComponent[{i}].ncPersonComponent", errors);

        Input.ThrowIfAny(errors);
        return new EidoSnapshot(reference!, trackingId!, new CadSnapshot(at!.Value, grade!.Value, closed, callStarted, dispatched, arrived, district, category, children));
    }

    private static Grade? GradeOf(JsonElement incident, EidoOptions options, Dictionary<string, string[]> errors)
    {
        var (field, value) = options.PriorityFrom == EidoPriority.Internal
            ? ("incidentPriorityInternalText", Text(incident, "incidentPriorityInternalText"))
            : ("incidentCommonPriorityNumber", Text(incident, "incidentCommonPriorityNumber"));
        var path = "incidentComponent." + field;
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[path] = [$"{path} is required: Safeguard grades incidents by it (Eido:PriorityFrom)"];
            return null;
        }
        if (options.PriorityFrom == EidoPriority.Common && !(int.TryParse(value, out var number) && number is >= 0 and <= 10))
        {
            errors[path] = [$"{path} must be a whole number from 0 to 10"];
            return null;
        }
        if (options.GradeOf(value) is { } grade) return grade;
        errors[path] = [$"{path} '{Shown(value)}' is not mapped to a grade (Eido:Grades)"];
        return null;
    }

    /// <summary>Whether a NIEM person's age or date of birth makes them under 18 on <paramref name="on"/>.</summary>
    private static bool UnderEighteen(JsonElement? person, LocalDate on, string path, Dictionary<string, string[]> errors)
    {
        if (person is not { ValueKind: JsonValueKind.Object } p) return false;
        var under = false;
        foreach (var measure in Items(p, "ageMeasure"))
        {
            var value = Niem(Property(measure, "integerValue")) ?? Niem(Property(measure, "unsignedIntegerValue")) ?? Niem(Property(measure, "decimalValue"));
            if (value is null) continue;
            if (!decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var age) || age < 0)
            {
                errors[path + ".ageMeasure"] = [$"{path}.ageMeasure must be a number"];
                continue;
            }
            var unit = (Niem(Property(measure, "timeUnitCode")) ?? "ANN").ToUpperInvariant();
            var years = unit switch
            {
                "ANN" => age,
                "MON" => age / 12,
                "WEE" => age / 52,
                "DAY" => age / 365,
                _ => (decimal?)null,
            };
            if (years is null) errors[path + ".ageMeasure"] = [$"{path}.ageMeasure's timeUnitCode must be ANN, MON, WEE or DAY"];
            else under |= years < 18;
        }
        foreach (var birth in Items(p, "birthDate"))
        {
            var text = Niem(Property(birth, "date")) ?? Niem(Property(birth, "dateTime"))?.Split('T')[0];
            if (text is null)
            {
                // Only a year: under 18 if any day of it could be (a child is not missed for want of the day).
                if (Niem(Property(birth, "year")) is { } year && int.TryParse(year, out var y)) under |= y > on.Year - 19;
                continue;
            }
            var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(text.Trim());
            if (!parsed.Success || parsed.Value > on)
            {
                errors[path + ".birthDate"] = [$"{path}.birthDate must be a date as yyyy-MM-dd, not after the call"];
                continue;
            }
            under |= parsed.Value.PlusYears(18) > on;
        }
        return under;
    }

    private static Instant? Time(JsonElement owner, string name, string path, Dictionary<string, string[]> errors, DateTimeZone zone, Instant now)
    {
        var text = Text(owner, name);
        if (text is null) return null;
        var instant = Input.Time(text, path, errors, zone, required: false);
        if (instant > now + IncidentHistory.ClockSkew)
        {
            errors[path] = [$"{path} is in the future"];
            return null;
        }
        // To the microsecond, as every database keeps it: a snapshot folded again from its stored row says the same.
        return instant is { } t ? Instant.FromUnixTimeTicks(t.ToUnixTimeTicks() - (t.ToUnixTimeTicks() % 10)) : null;
    }

    /// <summary>A property by name, ignoring case (sources spell <c>lastUpdateTimeStamp</c> two ways).</summary>
    private static JsonElement? Property(JsonElement owner, string name)
    {
        if (owner.ValueKind != JsonValueKind.Object) return null;
        if (owner.TryGetProperty(name, out var exact)) return exact;
        foreach (var property in owner.EnumerateObject())
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    /// <summary>A string or number property as text, or null.</summary>
    private static string? Text(JsonElement owner, string name) => Property(owner, name) is { } value ? Scalar(value) : null;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    /// <summary>A list's items; a single object or string where a list was expected counts as one item.</summary>
    private static IEnumerable<JsonElement> Items(JsonElement owner, string name) => Property(owner, name) switch
    {
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
        { ValueKind: JsonValueKind.Object or JsonValueKind.String } one => [one],
        _ => [],
    };

    private static IEnumerable<string> Texts(JsonElement owner, string name) => Items(owner, name).Select(Scalar).OfType<string>();

    /// <summary>A NIEM-JSON value: the first of a list of <c>{ "value": … }</c> (or <c>simpleType</c>), or a bare value.</summary>
    private static string? Niem(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.Array } list => list.EnumerateArray().Select(e => Niem(e)).FirstOrDefault(v => v is not null),
        { ValueKind: JsonValueKind.Object } o => Niem(Property(o, "value")) ?? Niem(Property(o, "simpleType")),
        { } scalar => Scalar(scalar),
        null => null,
    };

    private static bool Is(string status, string word) => status.Trim().Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>A source's code as an error may show it: short, no control characters.</summary>
    private static string Shown(string value) => new([.. value.Trim().Take(32).Where(c => !char.IsControl(c))]);
}
