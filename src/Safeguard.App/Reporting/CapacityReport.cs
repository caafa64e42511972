using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Reporting;
using Safeguard.Domain.Time;

namespace Safeguard.App.Reporting;

/// <summary>The ages of a queue's open clocks, as the capacity JSON names them.</summary>
public sealed record AgesDto(
    [property: JsonPropertyName("under1d")] int Under1d,
    [property: JsonPropertyName("1to3d")] int From1To3d,
    [property: JsonPropertyName("3to7d")] int From3To7d,
    [property: JsonPropertyName("over7d")] int Over7d);

/// <summary>One queue (a clock kind), for the whole force (<see cref="Team"/> null) or one district.</summary>
public sealed record QueueDto(string Queue, string? Team, int Open, int Overdue, double OldestHours, AgesDto Ages, double ArrivalsPerDay, double CompletionsPerDay,
    double? ForecastDaysToClear)
{
    public static QueueDto Of(QueueCapacity q) => new(q.Queue, q.Team, q.Open, q.Overdue, q.OldestHours,
        new AgesDto(q.Ages.Under1d, q.Ages.From1To3d, q.Ages.From3To7d, q.Ages.Over7d), q.ArrivalsPerDay, q.CompletionsPerDay, q.ForecastDaysToClear);

    /// <summary>Not clearing, or slower than a week to clear, with clocks open (<see cref="QueueCapacity.Flag"/>); null when keeping up.</summary>
    [JsonIgnore]
    public string? FlagWords => QueueCapacity.Flag(Open, ForecastDaysToClear);
}

public sealed record CapacityDto(Instant At, int WindowDays, IReadOnlyList<QueueDto> Queues)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, PerformanceReportDto.JsonOptions);

    /// <summary>One row per queue and team, the figures as the JSON has them (spreadsheet-safe: formula injection neutralised).</summary>
    public string ToCsv()
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using var csv = new CsvHelper.CsvWriter(writer, Imports.CsvFile.ForSpreadsheets);
        foreach (var h in new[] { "at", "windowDays", "queue", "team", "open", "overdue", "oldestHours", "under1d", "1to3d", "3to7d", "over7d", "arrivalsPerDay",
                     "completionsPerDay", "forecastDaysToClear" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var q in Queues)
        {
            foreach (var field in new object?[] { NodaTime.Text.InstantPattern.General.Format(At), WindowDays, q.Queue, q.Team ?? "", q.Open, q.Overdue, q.OldestHours,
                         q.Ages.Under1d, q.Ages.From1To3d, q.Ages.From3To7d, q.Ages.Over7d, q.ArrivalsPerDay, q.CompletionsPerDay, q.ForecastDaysToClear })
                csv.WriteField(field is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : field?.ToString() ?? "");
            csv.NextRecord();
        }
        csv.Flush();
        return writer.ToString();
    }

    /// <summary>The force-wide queues as a table for a terminal, the flagged ones marked.</summary>
    public string ToText()
    {
        var lines = new List<string> { $"Capacity at {NodaTime.Text.InstantPattern.General.Format(At)} (arrivals and completions over the {WindowDays} days before)", "" };
        lines.Add($"{"queue",-22}{"open",7}{"overdue",9}{"oldest h",10}{"in/day",8}{"out/day",9}{"clear in",10}");
        foreach (var q in Queues.Where(q => q.Team is null))
        {
            var clear = q.ForecastDaysToClear is { } days ? $"{days:0.0} d" : "never";
            lines.Add($"{q.Queue,-22}{q.Open,7}{q.Overdue,9}{q.OldestHours,10:0.0}{q.ArrivalsPerDay,8:0.00}{q.CompletionsPerDay,9:0.00}{clear,10}{(q.FlagWords is { } flag ? "  " + flag : "")}");
        }
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}

/// <summary>Each queue's force-wide figures as a board last had them, on this instance, for a minute.</summary>
public sealed class QueueFlags
{
    public static readonly Duration KeptFor = Duration.FromMinutes(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ClockKind, (Instant At, QueueDto Queue)> _known = new();

    public QueueDto? Fresh(ClockKind kind, Instant at) =>
        _known.TryGetValue(kind, out var known) && at >= known.At && at - known.At < KeptFor ? known.Queue : null;

    public void Keep(ClockKind kind, Instant at, QueueDto queue) => _known[kind] = (at, queue);
}

/// <summary>One day of a queue: clocks that started and that stopped (met, late, ended or withdrawn) that local day.</summary>
public sealed record QueueDay(LocalDate Day, int Arrivals, int Completions);

/// <summary>
/// Capacity and backlogs from the ledger, at any instant: for every queue — each kind of clock: the control room's
/// attendance, child seen, PPN due, the MASH review, partner sharing, Operation Encompass, the missing coordinator's
/// attendance and reviews, the prevention and return interviews, PPN submission — and for each district where the
/// record has one (incidents and missing episodes), what is open, overdue and how old, what arrives and completes per
/// day over the window before it, and how long it would take to clear (<see cref="Capacity"/>). A clock's being open or
/// overdue at the instant is the domain's (<see cref="ClockEntry"/>).
/// </summary>
public sealed class BuildCapacityReport(AppDbContext db, SafeguardPolicy policy, QueueFlags flags)
{
    public const int DefaultWindowDays = 28;
    public const int MaxWindowDays = 366;

    public DateTimeZone Zone => policy.Zone;

    /// <summary>Reads <c>at</c> (an instant, or now when blank) and the window, or says what is wrong.</summary>
    public static (Instant At, int WindowDays) Read(string? at, int? windowDays, Instant now, DateTimeZone zone)
    {
        var errors = new Dictionary<string, string[]>();
        var instant = Input.Time(at, "at", errors, zone, required: false) ?? now;
        if (instant < WallClock.Earliest || instant > WallClock.Latest) errors["at"] = [$"at must be between {WallClock.Earliest} and {WallClock.Latest}"];
        var window = windowDays ?? DefaultWindowDays;
        if (window is < 1 or > MaxWindowDays) errors["windowDays"] = [$"windowDays must be from 1 to {MaxWindowDays}"];
        Input.ThrowIfAny(errors);
        return (instant, window);
    }

    /// <summary>
    /// One queue, force-wide, at <paramref name="at"/>, over the default window: a board's flag. Boards are opened all
    /// day, so each instance works a queue's figures out at most once a minute (<see cref="QueueFlags"/>).
    /// </summary>
    public async Task<QueueDto> QueueAsync(ClockKind kind, Instant at, CancellationToken cancellationToken = default)
    {
        if (flags.Fresh(kind, at) is { } known) return known;
        var queue = (await BuildAsync(at, DefaultWindowDays, kind, cancellationToken)).Queues.First(q => q.Team is null);
        flags.Keep(kind, at, queue);
        return queue;
    }

    public Task<CapacityDto> BuildAsync(Instant at, int windowDays, CancellationToken cancellationToken = default) => BuildAsync(at, windowDays, null, cancellationToken);

    /// <summary>Every queue, or only <paramref name="only"/>'s.</summary>
    public async Task<CapacityDto> BuildAsync(Instant at, int windowDays, ClockKind? only, CancellationToken cancellationToken = default)
    {
        var from = at - Duration.FromDays(windowDays);
        var kinds = only is { } k ? [k] : Enum.GetValues<ClockKind>();
        var placed = only is { } one ? PlacedClocks.Of(db).Where(p => p.Clock.Kind == one) : PlacedClocks.Of(db);
        var open = await placed.Where(p => p.Clock.StartAt <= at && (p.Clock.ClosedAt == null || p.Clock.ClosedAt > at)).ToListAsync(cancellationToken);
        var arrivals = await placed.Where(p => p.Clock.StartAt > from && p.Clock.StartAt <= at)
            .GroupBy(p => new { p.Clock.Kind, p.District }).Select(g => new { g.Key.Kind, g.Key.District, Count = g.Count() }).ToListAsync(cancellationToken);
        var completions = await placed.Where(p => p.Clock.ClosedAt > from && p.Clock.ClosedAt <= at)
            .GroupBy(p => new { p.Clock.Kind, p.District }).Select(g => new { g.Key.Kind, g.Key.District, Count = g.Count() }).ToListAsync(cancellationToken);

        // Each list is grouped by kind once, rather than scanned again for every queue and district.
        var measured = open.Select(o => (o.Clock.Kind, o.District, Entry: o.Clock.ToEntry())).Where(o => o.Entry.OpenAt(at))
            .Select(o => (o.Kind, o.District, Start: o.Entry.Start, Overdue: o.Entry.StateAt(at) == ClockState.Breached)).ToLookup(o => o.Kind);
        var arrived = arrivals.ToLookup(a => a.Kind, a => (a.District, a.Count));
        var completed = completions.ToLookup(c => c.Kind, c => (c.District, c.Count));
        var queues = new List<QueueDto>();
        foreach (var kind in kinds)
        {
            var (openClocks, came, went) = (measured[kind].ToList(), arrived[kind].ToList(), completed[kind].ToList());
            var districts = openClocks.Select(o => o.District).Concat(came.Select(a => a.District)).Concat(went.Select(c => c.District))
                .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            queues.Add(Queue(null, _ => true));
            foreach (var district in districts) queues.Add(Queue(district, d => d == district));

            QueueDto Queue(string? team, Func<string?, bool> inTeam) => QueueDto.Of(Capacity.Measure(kind.Name(), team,
                [.. openClocks.Where(o => inTeam(o.District)).Select(o => (o.Start, o.Overdue))],
                came.Where(a => inTeam(a.District)).Sum(a => a.Count), went.Where(c => inTeam(c.District)).Sum(c => c.Count), at, windowDays));
        }
        return new CapacityDto(at, windowDays, queues);
    }

    /// <summary>Each queue's arrivals and completions per local day over the <paramref name="days"/> days up to <paramref name="at"/> (for the chart).</summary>
    public async Task<IReadOnlyDictionary<ClockKind, IReadOnlyList<QueueDay>>> DailyAsync(Instant at, int days, CancellationToken cancellationToken = default)
    {
        var lastDay = at.InZone(policy.Zone).Date;
        var firstDay = lastDay.PlusDays(1 - days);
        var from = firstDay.AtStartOfDayInZone(policy.Zone).ToInstant();
        var started = await db.Clocks.AsNoTracking().Where(c => c.StartAt >= from && c.StartAt <= at).Select(c => new { c.Kind, At = c.StartAt }).ToListAsync(cancellationToken);
        var stopped = await db.Clocks.AsNoTracking().Where(c => c.ClosedAt >= from && c.ClosedAt <= at).Select(c => new { c.Kind, At = c.ClosedAt!.Value }).ToListAsync(cancellationToken);
        var result = new Dictionary<ClockKind, IReadOnlyList<QueueDay>>();
        foreach (var kind in Enum.GetValues<ClockKind>())
        {
            var arrivals = started.Where(s => s.Kind == kind).GroupBy(s => s.At.InZone(policy.Zone).Date).ToDictionary(g => g.Key, g => g.Count());
            var completions = stopped.Where(s => s.Kind == kind).GroupBy(s => s.At.InZone(policy.Zone).Date).ToDictionary(g => g.Key, g => g.Count());
            result[kind] = [.. Enumerable.Range(0, days).Select(i => firstDay.PlusDays(i)).Select(d => new QueueDay(d, arrivals.GetValueOrDefault(d), completions.GetValueOrDefault(d)))];
        }
        return result;
    }
}
