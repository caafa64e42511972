using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Safeguard.App;
using Safeguard.App.Missing;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Missing;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Missing;

/// <summary>
/// Report a child missing: who, when, the risk at report and the information behind it (each item with its source and
/// the time it was obtained). With no episode number given, one is made up (MISS-date-random).
/// </summary>
[Authorize(Policy = Policies.WriteMissing)]
public sealed class NewModel(EpisodeCommands episodes, IClock clock, TimeDisplay time, SafeguardPolicy policy) : FormPage
{
    /// <summary>The rows for information behind the risk a form offers (more can be added at a review).</summary>
    public const int InformationRows = 3;

    [BindProperty(SupportsGet = true)] public string? ChildReference { get; set; }
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public When ReportedAt { get; set; } = new();
    [BindProperty] public string? Risk { get; set; }
    [BindProperty] public string? District { get; set; }
    [BindProperty] public List<InformationRow> Information { get; set; } = [];

    public Instant Now => clock.GetCurrentInstant();
    public DateTimeZone Zone => policy.Zone;

    protected override IReadOnlyDictionary<string, string> Nouns { get; } = new Dictionary<string, string>
    {
        ["childReference"] = "The child's reference",
        ["reference"] = "The episode number",
        ["district"] = "The district",
    };

    public void OnGet()
    {
        ReportedAt = When.Of(Now, Zone);
        InformationRow.Pad(Information);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        InformationRow.Pad(Information);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(ChildReference)) errors["childReference"] = ["Enter the child's reference"];
        else Input.Reference(ChildReference, "childReference", errors);
        Input.Reference(Reference, "reference", errors, required: false);
        var reported = ReportedAt.Read("reportedAt", "the time the child was reported missing", Zone, errors);
        if (!RiskLevels.TryParse(Risk, out _)) errors["risk"] = ["Select the risk to the child"];
        var information = Information.Select((row, i) => row.Read(i, Zone, errors)).OfType<RiskInformationRequest>().ToList();
        if (errors.Count > 0) return await InvalidAsync(errors, () => Task.FromResult<IActionResult>(Page()));

        var reference = string.IsNullOrWhiteSpace(Reference)
            ? References.Invent("MISS", time.Today(Now))
            : Reference.Trim();
        return await SubmitAsync(
            () => episodes.ReportAsync(new ReportEpisodeRequest(reference, ChildReference, reported, Risk, District, information), User.Author(), ct),
            (AuditAction.Collection, Records.Missing), "reference", new { reference, saved = "reported" },
            () => Task.FromResult<IActionResult>(Page()), "/Missing/Episode");
    }

}

/// <summary>The rows of information behind a risk on a form: the field they are checked under, which is also the name they bind to.</summary>
public sealed record InformationRows(FormPage Page, string Field, IReadOnlyList<InformationRow> Rows, DateTimeZone Zone, Instant Now);

/// <summary>One item of information behind a risk assessment, as typed: what, where it came from, when obtained.</summary>
public sealed class InformationRow
{
    public string? Item { get; set; }
    public string? Source { get; set; }
    public When ObtainedAt { get; set; } = new();

    public bool IsEmpty => string.IsNullOrWhiteSpace(Item) && string.IsNullOrWhiteSpace(Source) && ObtainedAt.IsEmpty;

    /// <summary>Fills a form's rows up to the number it offers (<see cref="NewModel.InformationRows"/>).</summary>
    public static void Pad(List<InformationRow> rows)
    {
        while (rows.Count < NewModel.InformationRows) rows.Add(new InformationRow());
    }

    /// <summary>The row for the use case, or null when left empty; each part missing from a row begun is an error.</summary>
    public RiskInformationRequest? Read(int index, DateTimeZone zone, Dictionary<string, string[]> errors, string field = "information")
    {
        if (IsEmpty) return null;
        var n = index + 1;
        // Checked here in full, so the use case (which numbers only the rows given) never reports a row by another number.
        if (string.IsNullOrWhiteSpace(Item)) errors[$"{field}[{index}].item"] = [$"Enter what information {n} is"];
        else if (Item.Length > EpisodeHistory.MaxTextLength) errors[$"{field}[{index}].item"] = [$"Information {n} must be {EpisodeHistory.MaxTextLength} characters or fewer"];
        if (string.IsNullOrWhiteSpace(Source)) errors[$"{field}[{index}].source"] = [$"Enter where information {n} came from"];
        else if (Source.Length > EpisodeHistory.MaxTextLength) errors[$"{field}[{index}].source"] = [$"Where information {n} came from must be {EpisodeHistory.MaxTextLength} characters or fewer"];
        var obtained = ObtainedAt.Read($"{field}[{index}].obtainedAt", $"when information {n} was obtained", zone, errors);
        return new RiskInformationRequest(Item, Source, obtained);
    }
}

/// <summary>The risk levels as a form offers them, highest first, each with what it means (APP on missing persons).</summary>
public static class RiskChoices
{
    public static IReadOnlyList<(string Key, string Words)> Options { get; } =
    [
        (RiskLevel.High.Name(), "High: the risk of serious harm is very likely"),
        (RiskLevel.Medium.Name(), "Medium: the risk of harm is likely but serious harm is not"),
        (RiskLevel.Low.Name(), "Low: harm is possible but unlikely"),
        (RiskLevel.VeryLow.Name(), "Very low: no apparent risk of harm"),
    ];
}
