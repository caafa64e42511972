namespace Safeguard.App.Access;

/// <summary>
/// The force's own identity provider (OpenID Connect), when one is configured (<c>Authentication:OpenIdConnect</c>): its
/// address, this application's client, and how the provider's role (or group) claim becomes a Safeguard role. People
/// signed in there keep a Safeguard account (found by the provider's subject), whose role follows the provider's claim
/// at every sign-in; partner agencies' staff are not the force's and keep local accounts.
/// </summary>
public sealed class ForceIdentityProviderOptions
{
    public const string Section = "Authentication:OpenIdConnect";

    /// <summary>The name the provider's sign-ins are kept under (the login provider of the accounts they create).</summary>
    public const string Scheme = "force";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in page calls the provider ("Sign in with …").</summary>
    public string DisplayName { get; set; } = "your force account";

    /// <summary>The claim that carries the person's roles or groups at the provider.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Each provider role or group (exact value) and the Safeguard role it gives.</summary>
    public Dictionary<string, string> Roles { get; set; } = [];

    /// <summary>The provider's metadata must come over HTTPS; only a provider on this machine (a test's) may be reached over HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The authentication methods (the id token's <c>amr</c>) that count as two-factor sign-in at the provider; a person
    /// signed in without one of them gives Safeguard's own authenticator code as well, where two-factor is required.
    /// </summary>
    public List<string> TwoFactorMethods { get; set; } = ["mfa", "otp", "hwk", "sc"];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Why the settings cannot be used, or null.</summary>
    public string? Problem()
    {
        if (!Enabled) return null;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority)) return "Authentication:OpenIdConnect:Authority is not an absolute address.";
        if (authority.Scheme != Uri.UriSchemeHttps && (RequireHttpsMetadata || !authority.IsLoopback))
            return "Authentication:OpenIdConnect:Authority must be an https address (only a provider on this machine may be reached over http).";
        foreach (var (claim, role) in Roles)
        {
            if (!Access.Roles.People.Contains(role) || role == Access.Roles.PartnerAgency)
                return $"Authentication:OpenIdConnect:Roles maps '{claim}' to '{role}', which is not a force role. Force roles: {string.Join(", ", Access.Roles.People.Where(r => r != Access.Roles.PartnerAgency))}.";
        }
        if (Roles.Count == 0) return "Authentication:OpenIdConnect:Roles maps no provider role to a Safeguard role, so nobody could sign in there.";
        return null;
    }

    /// <summary>
    /// The one Safeguard role the provider's <paramref name="claimed"/> roles give, or why there is none: a person with no
    /// mapped role, or with two different ones, is not let in (nobody gets more than their one role by accident).
    /// </summary>
    public (string? Role, string? Refusal) RoleFor(IEnumerable<string> claimed)
    {
        var roles = claimed.Where(Roles.ContainsKey).Select(c => Roles[c]).Distinct(StringComparer.Ordinal).ToList();
        return roles.Count switch
        {
            0 => (null, "Your force account has no Safeguard role. Ask the administrator of Safeguard to give you one."),
            1 => (roles[0], null),
            _ => (null, "Your force account has more than one Safeguard role. Ask the administrator of Safeguard to leave you one."),
        };
    }
}
