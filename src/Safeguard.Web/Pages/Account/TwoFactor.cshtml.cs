using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Data;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Account;

/// <summary>
/// The second step of signing in for an account with two-factor: the six-digit code from the person's authenticator
/// app. Wrong codes count towards the same growing wait as wrong passwords (<see cref="SignInThrottle"/>).
/// </summary>
[AllowAnonymous]
public sealed class TwoFactorModel(SignInManager<SafeguardUser> signIn, SignInThrottle throttle, ILogger<TwoFactorModel> logger) : PageModel
{
    public bool Failed { get; private set; }
    public string? Wait { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = Safe(returnUrl);
        return await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/SignIn") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, string? returnUrl)
    {
        ReturnUrl = Safe(returnUrl);
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("/Account/SignIn");
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var email = user.Email ?? "";
        var wait = await throttle.TryBeginAsync(email, address);
        if (wait > NodaTime.Duration.Zero)
        {
            Wait = SignInThrottle.Words(wait);
            return Page();
        }
        // A session already open on this browser ends before this person's begins.
        if (User.Identity?.IsAuthenticated == true) await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 6)
        {
            var result = await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false);
            if (result.Succeeded)
            {
                await throttle.SucceededAsync(email, address);
                return LocalRedirect(ReturnUrl);
            }
        }
        logger.LogWarning("Sign-in refused: a wrong two-factor code");
        Failed = true;
        return Page();
    }

    private string Safe(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
