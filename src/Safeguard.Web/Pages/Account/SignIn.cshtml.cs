using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Data;
using Safeguard.App.Demo;
using Safeguard.Web.Access;

namespace Safeguard.Web.Pages.Account;

public sealed record DemoSignIn(string Email, string Password, string Domain);

/// <summary>
/// Signing in with an email address and password. Every answer takes the same work whether or not the address has an
/// account (one password hash checked), says the same thing, and a guesser is slowed down rather than the account locked
/// (<see cref="SignInThrottle"/>; posting the form is rate-limited per address too).
/// </summary>
public sealed class SignInModel(SignInManager<SafeguardUser> signIn, IPasswordHasher<SafeguardUser> hasher, SignInThrottle throttle, IConfiguration configuration,
    ForceIdentityProviderOptions provider, ILogger<SignInModel> logger) : PageModel
{
    /// <summary>A hash to check a password against when the address has no account, so that answer takes as long.</summary>
    private static readonly Lazy<string> NoOnesHash = new(() => new PasswordHasher<SafeguardUser>().HashPassword(new SafeguardUser(), Guid.NewGuid().ToString()));

    public bool Failed { get; private set; }
    public string? Wait { get; private set; }
    public string? Email { get; private set; }
    public string ReturnUrl { get; private set; } = "/";
    public ForceIdentityProviderOptions Provider => provider;

    /// <summary>Shown only where the synthetic demo dataset is seeded (Development).</summary>
    public DemoSignIn? DemoSignIn => configuration.GetValue<bool>("Demo:Seed")
        ? new DemoSignIn(DemoData.EmailFor(Roles.Supervisor), DemoData.Password, DemoData.Domain)
        : null;

    public void OnGet(string? returnUrl) => ReturnUrl = Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = Safe(returnUrl);
        Email = email;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        // Whoever was signed in on this browser is signed out first: a session is never carried over to the next person.
        if (User.Identity?.IsAuthenticated == true) await signIn.SignOutAsync();
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password) && email.Length <= 256 && password.Length <= 1024)
        {
            var wait = await throttle.TryBeginAsync(email, address);
            if (wait > NodaTime.Duration.Zero)
            {
                Wait = SignInThrottle.Words(wait);
                logger.LogWarning("Sign-in refused: too many wrong passwords from this address for this account");
                return Page();
            }
            var user = await signIn.UserManager.FindByEmailAsync(email.Trim());
            if (user is null)
            {
                hasher.VerifyHashedPassword(new SafeguardUser(), NoOnesHash.Value, password);
            }
            else
            {
                var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
                if (result.Succeeded)
                {
                    await throttle.SucceededAsync(email, address);
                    return LocalRedirect(ReturnUrl);
                }
                // The password was right; the code from the authenticator app comes next.
                if (result.RequiresTwoFactor) return RedirectToPage("/Account/TwoFactor", new { returnUrl = ReturnUrl });
                if (result.IsLockedOut) logger.LogWarning("Sign-in refused: the account is disabled");
            }
        }
        Failed = true;
        return Page();
    }

    private string Safe(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
