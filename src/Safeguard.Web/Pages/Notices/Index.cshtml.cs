using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Notices;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Notices;

/// <summary>
/// For a partner-agency user, the notices shared with their agency; for force staff, every notice, found by part of a
/// reference, type, where it stands and when it was submitted, in the order chosen, a page at a time or all as CSV.
/// </summary>
[Authorize(Policy = Policies.ReadNotices)]
[AuditedList(App.Records.Notice)]
public sealed class IndexModel(NoticeQueries queries, NoticeList list, Agencies agencies, IAuthorizationService authorization, TimeDisplay time) : FormPage
{
    public Paged<NoticeView> Shared { get; private set; } = new([], 0, 1, PageRequest.DefaultSize);
    public Paged<NoticeListRow> All { get; private set; } = new([], 0, 1, PageRequest.DefaultSize);
    public bool IsPartner { get; private set; }
    public bool CanSubmit { get; private set; }
    public bool CanReview { get; private set; }

    [BindProperty(SupportsGet = true, Name = "reference")] public string? Reference { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string[] Types { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "stage")] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public When From { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "to")] public When To { get; set; } = new();
    [BindProperty(SupportsGet = true, Name = "order")] public string? Order { get; set; }

    /// <summary>For force staff: only the notices shared with this agency (its code).</summary>
    [BindProperty(SupportsGet = true, Name = "agency")] public string? Agency { get; set; }

    /// <summary>The agencies a notice may have been shared with, for the filter (retired ones too: old notices were shared with them).</summary>
    public IReadOnlyList<AgencyView> AgencyList { get; private set; } = [];

    /// <summary>For a partner: only the notices not yet acknowledged.</summary>
    [BindProperty(SupportsGet = true, Name = "unacknowledged")] public bool Unacknowledged { get; set; }

    /// <summary>Where a notice may stand, as the filter offers it: its key in the address, its words, the stage.</summary>
    private static readonly (string Key, string Words, NoticeStage? Stage)[] StageChoices =
    [
        ("", "Any", null), ("review", "Awaiting MASH review", NoticeStage.AwaitingReview), ("sharing", "Awaiting sharing with partners", NoticeStage.AwaitingSharing),
        ("school", "Awaiting the school (Operation Encompass)", NoticeStage.AwaitingSchool), ("done", "Nothing owed", NoticeStage.Done),
    ];

    public static IReadOnlyList<(string Key, string Words)> Stages { get; } = [.. StageChoices.Select(c => (c.Key, c.Words))];

    /// <summary>The orders the list offers: the key in the address, the words, the order (the first is the default).</summary>
    private static readonly (string Key, string Words, NoticeOrder Order)[] OrderChoices =
    [
        ("newest", "Newest first", NoticeOrder.Newest), ("oldest", "Oldest first", NoticeOrder.Oldest),
        ("due", "Soonest due first (overdue at the top)", NoticeOrder.DueFirst), ("reference", "By reference, A to Z", NoticeOrder.Reference),
    ];

    public static IReadOnlyList<(string Key, string Words)> Orders { get; } = [.. OrderChoices.Select(c => (c.Key, c.Words))];

    /// <summary>The chosen order's words, for the total and the table's caption.</summary>
    public string OrderWords => OrderChoices.FirstOrDefault(c => c.Key == (Order ?? "newest")).Words ?? OrderChoices[0].Words;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var reader = User.Reader();
        IsPartner = reader.IsPartner;
        CanSubmit = (await authorization.AuthorizeAsync(User, Policies.SubmitNotices)).Succeeded;
        CanReview = (await authorization.AuthorizeAsync(User, Policies.ReviewNotices)).Succeeded;
        var request = PageRequest.Of(page, null);
        if (IsPartner)
        {
            Shared = await queries.SharedWithMeAsync(reader, request, Reference, Unacknowledged, ct);
            // The API answers a page beyond the last with no rows (a client reads until then); the page shows the last one.
            if (Shared.Rows.Count == 0 && Shared.Total > 0) Shared = await queries.SharedWithMeAsync(reader, request.Within(Shared.Total), Reference, Unacknowledged, ct);
            await Auditing.RecordAsync(HttpContext, Domain.Audit.AuditAction.Consultation, App.Records.Notice, "(list)", "/Notices GET");
        }
        else
        {
            AgencyList = await agencies.ListAsync(withRetired: true, ct);
            if (Filter() is { } filter) All = await list.ReadAsync(filter, request, ct);
            else Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    /// <summary>Every notice the filter finds (not one page) as CSV, for a spreadsheet: references and categories, no narrative.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var reader = User.Reader();
        if (reader.IsPartner)
        {
            return await ListDownloads.CsvAsync(this, "notices-shared.csv", page => queries.SharedWithMeAsync(reader, page, Reference, Unacknowledged, ct),
                ["reference", "type", "shared_at", "acknowledged_at"],
                n => [n.Reference, n.Type, ListDownloads.At(n.Shares.Count > 0 ? n.Shares[0].SharedAt : null), ListDownloads.At(n.Shares.Count > 0 ? n.Shares[0].AcknowledgedAt : null)], ct);
        }
        if (Filter() is not { } filter)
        {
            await OnGetAsync(null, ct);
            return Page();
        }
        return await ListDownloads.CsvAsync(this, "notices.csv", page => list.ReadAsync(filter, page, ct),
            ["reference", "child_reference", "type", "officer_risk", "submitted_at", "reviewed_at", "rag", "owed"],
            r => [r.Reference, r.ChildReference, r.Type, r.OfficerRisk, ListDownloads.At(r.SubmittedAt), ListDownloads.At(r.ReviewedAt), r.Rag,
                string.Join("; ", r.Owed.Select(c => $"{c.Title}: {c.Words}"))], ct);
    }

    /// <summary>The filter asked for, or null with the errors in plain words (nothing is listed then).</summary>
    private NoticeFilter? Filter()
    {
        var errors = new Dictionary<string, string[]>();
        var types = new List<NoticeType>();
        foreach (var t in Types)
        {
            if (NoticeValues.TryParseType(t, out var type)) types.Add(type);
            else errors["type"] = ["Select types of notice from the list"];
        }
        var chosen = StageChoices.Where(c => c.Key == (Stage ?? "")).ToList();
        if (chosen.Count == 0) errors["stage"] = ["Select where the notices stand from the list"];
        var stage = chosen.Count == 0 ? null : chosen[0].Stage;
        var (from, to) = When.ReadDays(From, "from", To, "to", errors);
        var order = OrderChoices.Where(c => c.Key == (Order ?? "newest")).ToList();
        if (order.Count == 0) errors["order"] = ["Select an order from the list"];
        Errors = Plain(errors);
        if (errors.Count > 0) return null;
        var zone = time.Zone;
        return new NoticeFilter(Reference, types, stage, from?.AtStartOfDayInZone(zone).ToInstant(), to?.PlusDays(1).AtStartOfDayInZone(zone).ToInstant(), order[0].Order,
            App.References.Fragment(Agency));
    }
}
