using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Data;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Account;

/// <summary>
/// Signing in at the force's identity provider: the sign-in page's button sends the person there (POST, so no other site
/// can start it), and the provider sends them back here. Their account is found or made by the provider's subject and
/// takes the role the provider's claim gives (<see cref="ForceIdentityProviderOptions.RoleFor"/>); a person with no
/// role, or a disabled account, is told so and not signed in. Where the provider did a second factor (its <c>amr</c>),
/// that counts as two-factor sign-in; otherwise an account with Safeguard's own authenticator gives its code next.
/// </summary>
public sealed class ExternalModel(SignInManager<SafeguardUser> signIn, Users accounts, ForceIdentityProviderOptions provider, ILogger<ExternalModel> logger) : PageModel
{
    public string? Refusal { get; private set; }
    public string ProviderName => provider.DisplayName;

    public IActionResult OnGet() => RedirectToPage("/Account/SignIn");

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        if (!provider.Enabled) return NotFound();
        // Whoever was signed in on this browser is signed out first: a session is never carried over to the next person.
        if (User.Identity?.IsAuthenticated == true) await signIn.SignOutAsync();
        var back = Url.Page("/Account/External", "Callback", new { returnUrl = Safe(returnUrl) });
        return Challenge(signIn.ConfigureExternalAuthenticationProperties(ForceIdentityProviderOptions.Scheme, back), ForceIdentityProviderOptions.Scheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl)
    {
        if (!provider.Enabled) return NotFound();
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null || info.LoginProvider != ForceIdentityProviderOptions.Scheme) return Refuse("Signing in with " + provider.DisplayName + " did not finish. Try again.");
        var claims = info.Principal;
        var (role, refusal) = provider.RoleFor(claims.FindAll(provider.RoleClaim).Select(c => c.Value));
        if (role is null) return await RefuseAsync(refusal!);
        SafeguardUser user;
        try
        {
            user = await accounts.FromProviderAsync(info.ProviderKey, claims.FindFirstValue("email"), claims.FindFirstValue("email_verified") is "true" or "True",
                claims.FindFirstValue("name"), role);
        }
        catch (SignInRefusedException e)
        {
            return await RefuseAsync(e.Message);
        }
        var back = Safe(returnUrl);
        if (claims.FindAll("amr").Any(a => provider.TwoFactorMethods.Contains(a.Value, StringComparer.Ordinal)))
        {
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(SafeguardClaimsFactory.TwoFactorClaim, SafeguardClaimsFactory.AtTheProvider)]);
            await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
            return LocalRedirect(back);
        }
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
        if (result.Succeeded) return LocalRedirect(back);
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/TwoFactor", new { returnUrl = back });
        return await RefuseAsync("This account is disabled.");
    }

    public IActionResult OnGetFailed() => Refuse("Signing in with " + provider.DisplayName + " did not work. Try again, or ask the service desk.");

    private async Task<IActionResult> RefuseAsync(string refusal)
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        logger.LogWarning("Sign-in at the identity provider refused: {Refusal}", refusal);
        return Refuse(refusal);
    }

    private PageResult Refuse(string refusal)
    {
        Refusal = refusal;
        return Page();
    }

    private string Safe(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
