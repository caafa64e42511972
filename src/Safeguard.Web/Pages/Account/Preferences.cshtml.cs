using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Data;

namespace Safeguard.Web.Pages.Account;

/// <summary>A person's own preferences: whether their role's notifications also come by email.</summary>
public sealed class PreferencesModel(UserManager<SafeguardUser> users) : PageModel
{
    public bool EmailNotifications { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Forbid();
        (EmailNotifications, Saved) = (user.EmailNotifications, saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool emailNotifications)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Forbid();
        user.EmailNotifications = emailNotifications;
        await users.UpdateAsync(user);
        return RedirectToPage(new { saved = true });
    }
}
