using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Safeguard.App.Notices;

namespace Safeguard.Web.Pages.Admin;

/// <summary>
/// For administrators: every person's account, and adding one. A generated password is shown once, on the answer to the
/// form (never in an address or a log); the person changes nothing of it until they sign in.
/// </summary>
[Authorize(Policy = Policies.Administer)]
public sealed class UsersModel(Users users, Agencies agencies) : FormPage
{
    public IReadOnlyList<UserView> List { get; private set; } = [];
    public IReadOnlyList<AgencyView> AgencyList { get; private set; } = [];
    public AddedUser? Added { get; private set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Agency { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal) || Email.Length > 256 || App.Input.HasControlCharacter(Email))
            Errors["email"] = ["Enter the person's email address"];
        if (Role is null || !Roles.People.Contains(Role)) Errors["role"] = ["Choose the person's role"];
        if (DisplayName is { Length: > 200 } || App.Input.HasControlCharacter(DisplayName)) Errors["displayName"] = ["A name is at most 200 characters of text"];
        if (Errors.Count == 0)
        {
            try
            {
                Added = await users.AddAsync(Email!.Trim(), Role!, App.Input.Blank(DisplayName), null, Role == Roles.PartnerAgency ? Agency : null);
                (Email, DisplayName, Role, Agency) = (null, null, null, null);
            }
            catch (ArgumentException e)
            {
                Errors[e.ParamName == "agency" ? "agency" : "email"] = [e.Message.Split(" (Parameter", 2)[0]];
            }
        }
        if (Errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        List = await users.ListAsync(ct);
        AgencyList = await agencies.ListAsync(withRetired: false, ct);
    }
}
