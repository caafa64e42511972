using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Safeguard.App.Data;
using Safeguard.App.Notices;

namespace Safeguard.Web.Access;

/// <summary>Adds a partner-agency user's agency to their sign-in, so every request knows which shares they may see.</summary>
public sealed class SafeguardClaimsFactory(UserManager<SafeguardUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<SafeguardUser, IdentityRole>(users, roles, options)
{
    public const string AgencyClaim = "safeguard:agency";

    /// <summary>Present when the person has two-factor sign-in set up.</summary>
    public const string TwoFactorClaim = "safeguard:two-factor";

    /// <summary>The two-factor claim's value when the force's identity provider did the second factor.</summary>
    public const string AtTheProvider = "identity-provider";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(SafeguardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AgencyId is { } agency) identity.AddClaim(new Claim(AgencyClaim, agency.ToString(CultureInfo.InvariantCulture)));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwoFactorClaim, "on"));
        return identity;
    }
}

public static class Readers
{
    /// <summary>The caller as the notice queries see them: name, roles and (for partners) agency.</summary>
    public static Reader Reader(this ClaimsPrincipal user) => new(
        user.Author(),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        long.TryParse(user.FindFirstValue(SafeguardClaimsFactory.AgencyClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var agency) ? agency : null);
}
