using NodaTime;
using Safeguard.Domain.Clocks;

namespace Safeguard.App.Subjects;

/// <summary>
/// A clock as pages and the API show it, read from the ledger: what is owed, which cycle and child, its state at "now"
/// in the one vocabulary (name, words, colour), its target and instants, and who stopped it.
/// </summary>
public sealed record ClockView(
    string Kind, string Title, int Cycle, string? Child, string State, string Words, string Colour, double TargetMinutes, Instant Start, Instant WarningAt,
    Instant Due, Instant? StoppedAt, string? StoppedBy, bool Open, double RemainingMinutes)
{
    public static ClockView Of(ClockRecord row, string? childReference, Instant now)
    {
        var entry = row.ToEntry();
        var state = entry.StateAt(now);
        var open = entry.OpenAt(now);
        return new ClockView(row.Kind.Name(), row.Kind.Title(), row.Cycle, childReference, ClockStates.Name(state), ClockStates.Words(state, closed: !open),
            Colours.Name(ClockStates.Colour(state)), row.Target.TotalMinutes, row.StartAt, row.WarningAt, entry.DueAsOf(now), row.ClosedAt, row.StoppedBy, open,
            Math.Round(entry.Remaining(now).TotalMinutes, 1));
    }
}

public static class Colours
{
    public static string Name(ClockColour colour) => colour switch
    {
        ClockColour.Blue => "blue",
        ClockColour.Orange => "orange",
        ClockColour.Red => "red",
        ClockColour.Green => "green",
        ClockColour.Yellow => "yellow",
        ClockColour.Grey => "grey",
        ClockColour.Purple => "purple",
    };
}

/// <summary>Which page of a list: 1-based, at most <see cref="MaxSize"/> rows.</summary>
public readonly record struct PageRequest(int Number = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public int Skip => (Math.Max(Number, 1) - 1) * Take;
    public int Take => Size is < 1 ? DefaultSize : Math.Min(Size, MaxSize);

    public static PageRequest Of(int? number, int? size) => new(Math.Max(number ?? 1, 1), size ?? DefaultSize);

    /// <summary>The same request, brought back to the last page when it asks beyond it (a link kept while the list shrank).</summary>
    public PageRequest Within(int total) => total == 0 || Skip < total ? this : this with { Number = (total + Take - 1) / Take };
}

/// <summary>One page of a list, with the true total.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Rows, int Total, int Number, int Size)
{
    public int Pages => Size == 0 ? 0 : (Total + Size - 1) / Size;
}

public static class Paging
{
    /// <summary>
    /// One page of a list read in order from <paramref name="rows"/>, counting them all for the true total; asked beyond
    /// the last page (the list shrank since the link was made), the last page instead.
    /// </summary>
    public static async Task<Paged<T>> OfAsync<T>(Func<IAsyncEnumerable<T>> rows, PageRequest page, CancellationToken cancellationToken = default)
    {
        var found = new List<T>();
        var total = 0;
        await foreach (var row in rows().WithCancellation(cancellationToken))
        {
            if (total >= page.Skip && found.Count < page.Take) found.Add(row);
            total++;
        }
        if (found.Count == 0 && total > 0 && page.Skip >= total) return await OfAsync(rows, page.Within(total), cancellationToken);
        return new Paged<T>(found, total, page.Number, page.Take);
    }

    /// <summary>Every row of a paged list, read a page (of the largest size) at a time: a download of the whole list.</summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(Func<PageRequest, Task<Paged<T>>> read)
    {
        for (var number = 1; ; number++)
        {
            var page = await read(new PageRequest(number, PageRequest.MaxSize));
            foreach (var row in page.Rows) yield return row;
            if (number >= page.Pages) yield break;
        }
    }
}
