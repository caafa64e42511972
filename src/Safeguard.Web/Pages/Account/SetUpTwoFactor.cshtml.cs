using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Data;

namespace Safeguard.Web.Pages.Account;

/// <summary>
/// Setting up two-factor sign-in: the person adds the key to an authenticator app (typed, or from the otpauth link) and
/// proves it with a code. Required of every role but the partner's where <c>Accounts:RequireTwoFactor</c> is on (by
/// default outside Development): until then every page brings them here.
/// </summary>
public sealed class SetUpTwoFactorModel(UserManager<SafeguardUser> users, SignInManager<SafeguardUser> signIn) : PageModel
{
    public string Key { get; private set; } = "";
    public string Link { get; private set; } = "";
    public bool Enabled { get; private set; }
    public bool Failed { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool done = false)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Done = done;
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 6 && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            await signIn.RefreshSignInAsync(user);
            return RedirectToPage(new { done = true });
        }
        Failed = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(SafeguardUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled) return;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        Key = string.Join(' ', key!.Chunk(4).Select(c => new string(c)));
        Link = $"otpauth://totp/{UrlEncoder.Default.Encode("Safeguard:" + user.Email)}?secret={key}&issuer=Safeguard&digits=6";
    }
}
