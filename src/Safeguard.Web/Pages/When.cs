using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Safeguard.Web.Pages;

/// <summary>
/// What a person typed into a GOV.UK date input and a time (<c>_When</c>), in UK time, bound as Name.Day, Name.Month,
/// Name.Year, Name.Time and — only on the night the clocks go back, when a time happens twice — Name.Occurrence.
/// </summary>
public sealed class When
{
    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }
    public string? Time { get; set; }

    /// <summary>On the autumn night: "earlier" (still summer time) or "later" (after the clocks went back).</summary>
    public string? Occurrence { get; set; }

    public bool IsEmpty => new[] { Day, Month, Year, Time }.All(string.IsNullOrWhiteSpace);

    /// <summary>
    /// A date alone (a date of birth: the form asks no time), or null with a plain-English error under
    /// <paramref name="field"/>; blank is an error only when <paramref name="required"/>.
    /// </summary>
    public LocalDate? ReadDate(string field, string what, Dictionary<string, string[]> errors, bool required = false) =>
        Checked(field, what, errors, required, withTime: false);

    /// <summary>
    /// The date typed, checked as a question asking <paramref name="withTime"/> a time too: blank (an error only when
    /// <paramref name="required"/>), a part missing, or not a real date each give their error under <paramref name="field"/>.
    /// </summary>
    private LocalDate? Checked(string field, string what, Dictionary<string, string[]> errors, bool required, bool withTime)
    {
        var parts = new[] { ("day", Day), ("month", Month), ("year", Year) }.Concat(withTime ? [("time", Time)] : []).ToList();
        var missing = parts.Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count == parts.Count)
        {
            if (required) errors[field] = [$"Enter {what}"];
            return null;
        }
        var The = char.ToUpperInvariant(what[0]) + what[1..];
        if (missing.Count > 0)
        {
            errors[field] = [$"{The} must include a {Words.And(missing)}"];
            return null;
        }
        if (TypedDate() is not { } date)
        {
            errors[field] = [$"{The} must be a real date, with a four-figure year"];
            return null;
        }
        return date;
    }

    /// <summary>
    /// A period asked as its first and last day (both inclusive): each day checked as <see cref="ReadDate"/> does, and a
    /// last day before the first refused under <paramref name="lastField"/>; a day not given is null.
    /// </summary>
    public static (LocalDate? First, LocalDate? Last) ReadDays(When first, string firstField, When last, string lastField, Dictionary<string, string[]> errors,
        bool required = false)
    {
        var from = first.ReadDate(firstField, "the first day", errors, required);
        var to = last.ReadDate(lastField, "the last day", errors, required);
        if (from is { } f && to is { } l && l < f) errors[lastField] = ["The last day must be the same as or after the first day"];
        return (from, to);
    }

    /// <summary>A date as a date question shows it.</summary>
    public static When OfDate(LocalDate date) => new()
    {
        Day = date.Day.ToString(CultureInfo.InvariantCulture),
        Month = date.Month.ToString(CultureInfo.InvariantCulture),
        Year = date.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The parts of an instant as the form shows them, in the zone.</summary>
    public static When Of(Instant instant, DateTimeZone zone)
    {
        var local = instant.InZone(zone);
        // Shown to the minute, as the form takes it back; in the hour that happens twice, which of the two it is.
        var minute = local.LocalDateTime.With(TimeAdjusters.TruncateToMinute);
        var mapping = zone.MapLocal(minute);
        var when = OfDate(local.Date);
        when.Time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        when.Occurrence = mapping.Count == 2 ? (mapping.First().Offset == local.Offset ? "earlier" : "later") : null;
        return when;
    }

    private static readonly LocalTimePattern[] TimePatterns =
        [LocalTimePattern.CreateWithInvariantCulture("H:mm"), LocalTimePattern.CreateWithInvariantCulture("HHmm"), LocalTimePattern.CreateWithInvariantCulture("H.mm")];

    private static readonly OffsetDateTimePattern Written = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary>
    /// The instant typed, as ISO 8601 with its offset (so no later reading can take the other side of a clock change),
    /// or null with a plain-English error under <paramref name="field"/>. <paramref name="what"/> names the time in a
    /// sentence ("the time the child was found"); a blank one is an error only when <paramref name="required"/>.
    /// </summary>
    public string? Read(string field, string what, DateTimeZone zone, Dictionary<string, string[]> errors, bool required = true)
    {
        if (Checked(field, what, errors, required, withTime: true) is not { } date) return null;
        if (TypedTime() is not { } time)
        {
            errors[field] = [$"Enter {what} as hours and minutes on the 24-hour clock, like 14:30"];
            return null;
        }
        var local = date.At(time);
        var mapping = zone.MapLocal(local);
        var said = local.ToString("HH:mm 'on' d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        switch (mapping.Count)
        {
            case 0:
                errors[field] = [$"There was no {said}: the clocks went forward an hour that night. Enter the time a clock showed"];
                return null;
            case 2 when Occurrence is "earlier" or "later":
                return Written.Format((Occurrence == "earlier" ? mapping.First() : mapping.Last()).ToOffsetDateTime());
            case 2:
                errors[field] = [$"{said} happened twice, because the clocks went back an hour: select the first or the second"];
                return null;
            default:
                return Written.Format(mapping.Single().ToOffsetDateTime());
        }
    }

    /// <summary>When the typed wall time happens twice in the zone, the names of the offsets before and after (BST, GMT): the form then asks which.</summary>
    public (string Earlier, string Later)? Twice(DateTimeZone zone) =>
        TypedDate() is { } date && TypedTime() is { } time && zone.MapLocal(date.At(time)) is { Count: 2 } mapping
            ? (mapping.EarlyInterval.Name, mapping.LateInterval.Name)
            : null;

    private LocalDate? TypedDate()
    {
        if (!int.TryParse(Day, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || !int.TryParse(Month, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1900 or > 2199
            || month is < 1 or > 12 || day < 1 || day > CultureInfo.InvariantCulture.Calendar.GetDaysInMonth(year, month)) return null;
        return new LocalDate(year, month, day);
    }

    private LocalTime? TypedTime() => TimePatterns.Select(p => p.Parse(Time?.Trim() ?? "")).FirstOrDefault(r => r.Success)?.Value;
}

/// <summary>A date-and-time question (<c>_When</c>): the day input's id is the name, so the error summary lands on it.</summary>
public sealed record WhenField(string Name, string Legend, When Value, string? Error, string? Hint, (string Earlier, string Later)? Twice, string LegendSize = "s")
{
    /// <summary>Whether the question asks the time as well as the date.</summary>
    public bool WithTime { get; init; } = true;

    /// <summary>A date question alone (a date of birth).</summary>
    public static WhenField DateOf(FormPage page, string name, string legend, When value, string? hint = null) =>
        new(name, legend, value, page.ErrorFor(name), hint ?? "For example, 27 3 2012.", null) { WithTime = false };

    public static WhenField Of(FormPage page, string name, string legend, When value, DateTimeZone zone, Instant now, string? hint = null) =>
        Of(name, legend, value, page.ErrorFor(name), zone, now, hint);

    /// <summary>A date-and-time question with its error given (a form shared by pages, <c>_ContactFields</c>).</summary>
    public static WhenField Of(string name, string legend, When value, string? error, DateTimeZone zone, Instant now, string? hint = null) =>
        new(name, legend, value, error, ZoneHint(zone, now, hint), value.Twice(zone));

    /// <summary>The hint names the force's time and which offset it is in now (GMT in winter, BST in summer).</summary>
    private static string ZoneHint(DateTimeZone zone, Instant now, string? hint) =>
        (hint is null ? "" : hint + " ") + $"UK time (it is {zone.GetZoneInterval(now).Name} now). For example, 27 3 2026 and 14:30.";
}

/// <summary>Lists in words.</summary>
public static class Words
{
    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string And(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
