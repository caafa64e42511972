using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Data;

namespace Safeguard.App.Notices;

public sealed record AgencyView(long Id, string Code, string Name, Instant? RetiredAt);

/// <summary>
/// The partner agencies notices may be shared with: a list the administrators keep (pages and CLI), never grown by a
/// review, a share or a file. An agency is named by its code (a reference: "CSC") or by its name as listed; case,
/// surrounding and doubled spaces and Unicode compatibility forms do not matter, a lookalike letter does ("Agеncy A"
/// with a Cyrillic "е" is no agency). A retired agency keeps its past shares and its users' view of them, but nothing new
/// is shared with it.
/// </summary>
public sealed class Agencies(AppDbContext db, IClock clock)
{
    public const int MaxNameLength = Imports.CsvFile.MaxTextLength;

    private static readonly string NameRule = $"The agency's name is 1 to {MaxNameLength} characters of text.";

    public async Task<IReadOnlyList<AgencyView>> ListAsync(bool withRetired = true, CancellationToken cancellationToken = default)
    {
        var rows = await db.Agencies.AsNoTracking().Where(a => withRetired || a.RetiredAt == null).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).Select(View)];
    }

    public async Task<AgencyView> AddAsync(string? code, string? name, CancellationToken cancellationToken = default)
    {
        var (canonical, problem) = References.Normalise(code);
        if (canonical is null) throw InputException.For("code", $"The agency's code {problem}.");
        var title = Title(name) ?? throw InputException.For("name", NameRule);
        var all = await db.Agencies.ToListAsync(cancellationToken);
        if (all.Any(a => a.Code == canonical)) throw new RuleException("An agency with this code is already in the list.", isConflict: true);
        if (all.Any(a => Key(a.Name) == Key(title))) throw new RuleException("An agency with this name is already in the list.", isConflict: true);
        var agency = new Agency { Code = canonical, Name = title };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(cancellationToken);
        return View(agency);
    }

    public async Task<AgencyView> RenameAsync(string code, string? name, CancellationToken cancellationToken = default)
    {
        var agency = await ByCodeAsync(code, cancellationToken);
        var title = Title(name) ?? throw InputException.For("name", NameRule);
        if ((await db.Agencies.Where(a => a.Id != agency.Id).Select(a => a.Name).ToListAsync(cancellationToken)).Any(n => Key(n) == Key(title)))
            throw new RuleException("An agency with this name is already in the list.", isConflict: true);
        agency.Name = title;
        await db.SaveChangesAsync(cancellationToken);
        return View(agency);
    }

    /// <summary>Retires an agency: nothing more is shared with it; what was shared stays, for the record.</summary>
    public async Task<AgencyView> RetireAsync(string code, CancellationToken cancellationToken = default)
    {
        var agency = await ByCodeAsync(code, cancellationToken);
        agency.RetiredAt ??= clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        return View(agency);
    }

    /// <summary>The active agency <paramref name="given"/> names (its code, or its name as listed), or null.</summary>
    public async Task<Agency?> FindAsync(string? given, CancellationToken cancellationToken = default) =>
        (await ResolveAsync([given ?? ""], cancellationToken)).GetValueOrDefault(given ?? "");

    /// <summary>Each of <paramref name="given"/> that names an active agency, with it; those that name none are left out.</summary>
    public async Task<IReadOnlyDictionary<string, Agency>> ResolveAsync(IEnumerable<string> given, CancellationToken cancellationToken = default)
    {
        var active = await db.Agencies.Where(a => a.RetiredAt == null).ToListAsync(cancellationToken);
        var byCode = active.Where(a => a.Code is not null).ToDictionary(a => a.Code!, StringComparer.Ordinal);
        var byName = active.GroupBy(a => Key(a.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new Dictionary<string, Agency>(StringComparer.Ordinal);
        foreach (var text in given.Distinct(StringComparer.Ordinal))
        {
            var (code, _) = References.Normalise(text);
            if ((code is not null && byCode.TryGetValue(code, out var agency)) || byName.TryGetValue(Key(text), out agency)) found[text] = agency;
        }
        return found;
    }

    private async Task<Agency> ByCodeAsync(string code, CancellationToken cancellationToken)
    {
        var (canonical, _) = References.Normalise(code);
        return await db.Agencies.SingleOrDefaultAsync(a => a.Code == canonical, cancellationToken)
            ?? throw new NotFoundException("No agency in the list has this code.");
    }

    /// <summary>A name as listed: trimmed, spaces single, at most <see cref="MaxNameLength"/> characters, no control characters.</summary>
    private static string? Title(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || Input.HasControlCharacter(name)) return null;
        var title = string.Join(' ', name.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return title.Length <= MaxNameLength ? title : null;
    }

    /// <summary>How names are matched: folded (NFKC), spaces single, case ignored.</summary>
    private static string Key(string text)
    {
        try
        {
            return string.Join(' ', text.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpper(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    private static AgencyView View(Agency a) => new(a.Id, a.Code ?? "", a.Name, a.RetiredAt);
}
