using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Demo;

namespace Safeguard.Web.Pages.Account;

public sealed record DemoSignIn(string Email, string Password, string Domain);

public sealed class SignInModel(SignInManager<SafeguardUser> signIn, IConfiguration configuration, ILogger<SignInModel> logger) : PageModel
{
    public bool Failed { get; private set; }
    public string? Email { get; private set; }
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>Shown only where the synthetic demo dataset is seeded (Development).</summary>
    public DemoSignIn? DemoSignIn => configuration.GetValue<bool>("Demo:Seed")
        ? new DemoSignIn(DemoData.EmailFor(Roles.Supervisor), DemoData.Password, DemoData.Domain)
        : null;

    public void OnGet(string? returnUrl) => ReturnUrl = Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        ReturnUrl = Safe(returnUrl);
        Email = email;
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return LocalRedirect(ReturnUrl);
            if (result.IsLockedOut) logger.LogWarning("Sign-in refused: account locked out");
        }
        Failed = true;
        Response.StatusCode = StatusCodes.Status200OK;
        return Page();
    }

    private string Safe(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
