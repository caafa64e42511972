using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Subjects;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Children;

/// <summary>
/// Find a child by part of the reference, part of the name and the date of birth (posted, so none of it is in an
/// address); and every child named on an incident (or incident naming none) not yet seen and spoken to.
/// </summary>
[Authorize(Policy = Policies.ReadChildren)]
[AuditedList(App.Records.Child)]
public sealed class IndexModel(ChildrenNotSeen notSeen, ChildSearch search) : FormPage
{
    public Paged<NotSeenRow> NotSeen { get; private set; } = null!;
    public Instant Now { get; private set; }

    /// <summary>The children a search found, or null when none was asked.</summary>
    public Paged<ChildFound>? Found { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Reference { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty(Name = "born")] public When Born { get; set; } = new();

    /// <summary>The page of the search's results asked for (posted with the criteria, as they are never in an address).</summary>
    [BindProperty(Name = "foundPage")] public int? FoundPage { get; set; }

    /// <summary>Every child (or incident naming none) not yet seen and spoken to (not one page) as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        ListDownloads.CsvAsync(this, "children-not-seen.csv", async p => (await notSeen.ReadAsync(p, ct)).Page,
            ["incident_reference", "child_reference", "created_at", "district", "category", "state", "due_at"],
            r => [r.Reference, r.ChildReference, ListDownloads.At(r.CreatedAt), r.District, r.Category, .. ListDownloads.Clock(r.Clock)], ct);

    [Allows(Policies.ReadChildren)]
    public async Task<IActionResult> OnPostSearchAsync(CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var born = Born.ReadDate("born", "the date of birth", errors);
        var name = App.Input.Blank(Name);
        if (name is { Length: < ChildQuery.MinimumPart }) errors["name"] = [$"Enter at least {ChildQuery.MinimumPart} letters of the name"];
        if (App.Input.Blank(Reference) is { Length: < ChildQuery.MinimumPart }) errors["reference"] = [$"Enter at least {ChildQuery.MinimumPart} characters of the reference"];
        if (errors.Count == 0 && App.Input.Blank(Reference) is null && name is null && born is null)
            errors["reference"] = ["Enter part of a reference, part of a name, or a date of birth"];
        if (errors.Count > 0) return await InvalidAsync(errors, LoadAsync);
        Found = await search.FindAsync(new ChildQuery(Reference, name, born), PageRequest.Of(FoundPage, null), ct);
        await AuditAsync(Domain.Audit.AuditAction.Consultation, App.Records.Child, "(search)");
        return await LoadAsync();

        async Task<IActionResult> LoadAsync()
        {
            (NotSeen, Now) = await notSeen.ReadAsync(PageRequest.Of(1, null), ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        // The reference goes into the path, never a query string that could carry anything else.
        if (!string.IsNullOrWhiteSpace(Reference)) return Redirect("/Children/" + Uri.EscapeDataString(Reference.Trim()));
        (NotSeen, Now) = await notSeen.ReadAsync(PageRequest.Of(page, null), ct);
        return Page();
    }
}
