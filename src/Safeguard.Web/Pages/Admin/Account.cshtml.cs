using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Notices;

namespace Safeguard.Web.Pages.Admin;

/// <summary>
/// For administrators: one person's account, by its id (an email is personal data, kept out of addresses). Disable a
/// leaver, enable again, move to another role, give a new password; each ends the person's sessions at once.
/// </summary>
[Authorize(Policy = Policies.Administer)]
public sealed class AccountModel(Users users, Agencies agencies) : FormPage
{
    public UserView Account { get; private set; } = null!;
    public IReadOnlyList<AgencyView> AgencyList { get; private set; } = [];
    public string? Saved { get; private set; }
    public string? NewPassword { get; private set; }

    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? Agency { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(id, ct);
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => ChangeAsync(id, "disabled", a => users.DisableAsync(a.Email), ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => ChangeAsync(id, "enabled", a => users.EnableAsync(a.Email), ct);

    public Task<IActionResult> OnPostRoleAsync(string id, CancellationToken ct)
    {
        if (Role is null || !Roles.People.Contains(Role)) Errors["role"] = ["Choose the person's role"];
        return ChangeAsync(id, "role", a => users.ChangeRoleAsync(a.Email, Role!, Role == Roles.PartnerAgency ? Agency : null), ct);
    }

    /// <summary>A new password, generated and shown once on this answer.</summary>
    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not PageResult page) return NotFound();
        NewPassword = await users.ResetPasswordAsync(Account.Email, null);
        Saved = "reset";
        return page;
    }

    private async Task<IActionResult> ChangeAsync(string id, string saved, Func<UserView, Task> change, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not PageResult page) return NotFound();
        // Nobody takes away their own access here: the last administrator cannot lock everyone out.
        if (string.Equals(Account.Email, User.Identity?.Name, StringComparison.OrdinalIgnoreCase))
            Errors["role"] = ["You cannot disable your own account or change your own role; another administrator can"];
        if (Errors.Count == 0)
        {
            try
            {
                await change(Account);
                return RedirectToPage(new { id, saved });
            }
            catch (ArgumentException e)
            {
                Errors[e.ParamName == "agency" ? "agency" : "role"] = [e.Message.Split(" (Parameter", 2)[0]];
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    private async Task<IActionResult> LoadAsync(string id, CancellationToken ct)
    {
        if (await users.FindAsync(id, ct) is not { } account) return NotFound();
        Account = account;
        AgencyList = await agencies.ListAsync(withRetired: false, ct);
        Role ??= account.Role;
        Agency ??= AgencyList.FirstOrDefault(a => a.Name == account.Agency)?.Code;
        return Page();
    }
}
