using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;
using Safeguard.App.Subjects;

namespace Safeguard.App.Children;

/// <summary>A child found by a search: the reference, the details force staff may read, and the flags.</summary>
public sealed record ChildFound(string Reference, string? Name, LocalDate? DateOfBirth, ChildFlags Flags);

/// <summary>What a search asks: part of a reference, part of a name (either case), a date of birth; at least one.</summary>
public sealed record ChildQuery(string? Reference, string? Name, LocalDate? DateOfBirth)
{
    /// <summary>The fewest characters of a name or a reference a search takes (one would list half the force's children).</summary>
    public const int MinimumPart = 2;
}

/// <summary>
/// Finds children for force staff by part of their reference, part of their name (either case) and their date of
/// birth, together. Erased records, records merged into another, and restricted records (UK GDPR Art. 18) are never
/// found. The criteria are personal data: they travel in a form's body, never a URL, and are never logged.
/// </summary>
public sealed class ChildSearch(AppDbContext db)
{
    public async Task<Paged<ChildFound>> FindAsync(ChildQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        var children = db.Children.AsNoTracking().Where(c => c.ErasedAt == null && c.MergedIntoId == null && c.RestrictedAt == null);
        if (References.Fragment(query.Reference) is { Length: >= ChildQuery.MinimumPart } reference) children = children.Where(c => c.Reference.Contains(reference));
        // ToLower here is the database's lower(), on both providers; the culture analyzers speak of .NET's.
#pragma warning disable CA1304, CA1311, CA1862
        if (query.Name?.Trim().ToLowerInvariant() is { Length: >= ChildQuery.MinimumPart } name) children = children.Where(c => c.Name != null && c.Name.ToLower().Contains(name));
#pragma warning restore CA1304, CA1311, CA1862
        if (query.DateOfBirth is { } born) children = children.Where(c => c.DateOfBirth == born);
        var total = await children.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await children.OrderBy(c => c.Name).ThenBy(c => c.Reference).Skip(page.Skip).Take(page.Take)
            .ToListAsync(cancellationToken);
        return new Paged<ChildFound>([.. rows.Select(c => new ChildFound(c.Reference, c.Name, c.DateOfBirth, ChildFlags.Of(c)))], total, page.Number, page.Take);
    }
}
