using NodaTime;
using Safeguard.Domain.Time;

namespace Safeguard.App;

/// <summary>Reading API input the same way everywhere: times in the three forms, blank text as absent.</summary>
public static class Input
{
    /// <summary>A time as files carry them (see <see cref="WallClock"/>); adds a field error and returns null when it is wrong.</summary>
    public static Instant? Time(string? text, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = [$"{field} is required"];
            return null;
        }
        if (WallClock.TryParse(text, WallClock.London, out var instant, out var error)) return instant;
        errors[field] = [$"{field} {error}"];
        return null;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A record's reference, trimmed; adds a field error and returns null when it is missing (if required) or too long.</summary>
    public static string? Reference(string? value, string field, Dictionary<string, string[]> errors, bool required = true)
    {
        var trimmed = Blank(value);
        if (trimmed is null)
        {
            if (required) errors[field] = [$"{field} is required"];
            return null;
        }
        if (trimmed.Length <= Imports.CsvFile.MaxReferenceLength) return trimmed;
        errors[field] = [$"{field} is longer than {Imports.CsvFile.MaxReferenceLength} characters"];
        return null;
    }

    /// <summary>
    /// Saves a use case's changes and tells this instance's boards and engine. A concurrent writer — a stale version, or
    /// a unique reference taken in between — makes it a 409 that asks the caller to read the <paramref name="record"/> again.
    /// </summary>
    public static async Task SaveAsync(Data.AppDbContext db, Clocks.ChangeSignal signal, string record, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            throw new RuleException($"The {record} was changed by someone else at the same time; read it again and retry.", isConflict: true);
        }
        signal.Notify();
    }
}
