using NodaTime;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Time;

namespace Safeguard.Domain.Reporting;

/// <summary>One part of a clock section: within, late, not done, pending and cancelled, the percentage within and the median time to stop.</summary>
public sealed record ClockFigures(int Population, int WithinTarget, int Late, int NotDone, int Pending, int Cancelled, double? PercentWithinTarget, double? MedianMinutes);

/// <summary>A clock section of the report: the figures for the period, by district (null: none recorded) and by month.</summary>
public sealed record ClockSection(string Section, ClockFigures Figures, IReadOnlyList<(string? District, ClockFigures Figures)> ByDistrict,
    IReadOnlyList<(YearMonth Month, ClockFigures Figures)> ByMonth);

/// <summary>
/// Reports one kind of clock straight from the ledger, in the style of the attendance section: each clock started in the
/// period (by its local date) is within (stopped by its due instant), late (stopped after it), not done (still open and
/// past due), pending (open, not yet due) or cancelled (the obligation ended before it was due — left out of the
/// percentage). Percent = 100 × within / (population − pending − cancelled); median minutes from start to stop over
/// the stopped ones. The state of each clock is the domain's (<see cref="ClockEntry.StateAt"/>) at <paramref name="now"/>.
/// </summary>
public sealed class ClockSectionBuilder(string section, ReportPeriod period, Instant now)
{
    private sealed class Part
    {
        public int Within, Late, NotDone, Pending, Cancelled;
        public List<double> Minutes { get; } = [];

        public ClockFigures Figures()
        {
            var population = Within + Late + NotDone + Pending + Cancelled;
            return new ClockFigures(population, Within, Late, NotDone, Pending, Cancelled,
                AttendanceReportBuilder.Percent(Within, population - Pending - Cancelled), AttendanceReportBuilder.Median([.. Minutes]));
        }
    }

    private readonly Part _all = new();
    private readonly Dictionary<string, Part> _districts = new(StringComparer.Ordinal);
    private readonly Part _noDistrict = new();
    private readonly Part[] _months = [.. period.Months().Select(_ => new Part())];

    /// <summary>Adds a clock of this section; one started outside the period is ignored.</summary>
    public void Add(ClockEntry clock, string? district)
    {
        if (!period.Contains(clock.Start)) return;
        var state = clock.StateAt(now);
        var month = _months[period.MonthIndex(clock.Start)];
        var place = district is null ? _noDistrict : _districts.TryGetValue(district, out var p) ? p : _districts[district] = new Part();
        foreach (var part in new[] { _all, place, month })
        {
            switch (state)
            {
                case ClockState.Met: part.Within++; break;
                case ClockState.MetLate: part.Late++; break;
                case ClockState.Breached: part.NotDone++; break;
                case ClockState.Cancelled: part.Cancelled++; break;
                default: part.Pending++; break;
            }
            if (state is ClockState.Met or ClockState.MetLate && clock.StoppedAt is { } stopped) part.Minutes.Add((stopped - clock.Start).TotalMinutes);
        }
    }

    public ClockSection Build()
    {
        var districts = _districts.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => ((string?)d.Key, d.Value.Figures())).ToList();
        if (_noDistrict.Figures().Population > 0) districts.Add((null, _noDistrict.Figures()));
        return new ClockSection(section, _all.Figures(), districts, [.. period.Months().Select((m, i) => (m, _months[i].Figures()))]);
    }
}
