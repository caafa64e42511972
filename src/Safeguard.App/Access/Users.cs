using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.App.Notices;

namespace Safeguard.App.Access;

public sealed record AddedUser(string Email, string Role, string? GeneratedPassword);

/// <summary>Why a person signed in at the force's identity provider is not let into Safeguard (words for them).</summary>
public sealed class SignInRefusedException(string message) : Exception(message);

public sealed record UserView(string Id, string Email, string? DisplayName, string Role, string? Agency, bool Disabled, bool TwoFactor);

/// <summary>
/// People's accounts (ASP.NET Core Identity) with one role each: added, listed, disabled and enabled, moved to another
/// role, given a new password. Whatever changes who someone is ends their sessions at once (and renews their security
/// stamp), so nobody keeps a role they no longer have, and a leaver is out on every instance.
/// </summary>
public sealed class Users(UserManager<SafeguardUser> users, RoleManager<IdentityRole> roles, AppDbContext db, Sessions sessions, Agencies agencies)
{
    /// <summary>
    /// Adds a user. When <paramref name="password"/> is null a strong one is generated and returned once. A partner-agency
    /// user must name their agency, from the list; nobody else may.
    /// </summary>
    public async Task<AddedUser> AddAsync(string email, string role, string? displayName, string? password, string? agency = null)
    {
        CheckRole(role, agency);
        await EnsureRolesAsync();
        var generated = password is null ? GeneratePassword() : null;
        var user = new SafeguardUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        if (!string.IsNullOrWhiteSpace(agency)) user.AgencyId = await AgencyIdAsync(agency);
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded) throw new ArgumentException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) throw new InvalidOperationException(string.Join(" ", inRole.Errors.Select(e => e.Description)));
        return new AddedUser(email, role, generated);
    }

    public bool Any() => users.Users.Any();

    public Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken = default) => ListAsync(null, cancellationToken);

    /// <summary>One account by its id, or null: one row read, not the whole list.</summary>
    public async Task<UserView?> FindAsync(string id, CancellationToken cancellationToken = default) => (await ListAsync(id, cancellationToken)).SingleOrDefault();

    private async Task<IReadOnlyList<UserView>> ListAsync(string? id, CancellationToken cancellationToken)
    {
        var rows = await (from u in db.Users.AsNoTracking()
                          where id == null || u.Id == id
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          join a in db.Agencies on u.AgencyId equals a.Id into az
                          from a in az.DefaultIfEmpty()
                          orderby u.Email
                          select new { u.Id, u.Email, u.DisplayName, Role = r == null ? null : r.Name, Agency = a == null ? null : a.Name, u.LockoutEnd, u.TwoFactorEnabled })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(u => new UserView(u.Id, u.Email ?? "", u.DisplayName, u.Role ?? "", u.Agency, IsDisabled(u.LockoutEnd), u.TwoFactorEnabled))];
    }

    /// <summary>Disables an account (a leaver): they cannot sign in, and their sessions end now.</summary>
    public async Task DisableAsync(string email)
    {
        var user = await FindAsync(email);
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        await EndSessionsAsync(user);
    }

    public async Task EnableAsync(string email)
    {
        var user = await FindAsync(email);
        Check(await users.SetLockoutEndDateAsync(user, null));
    }

    /// <summary>Moves a person to another role; a partner-agency user names their agency, nobody else has one. Their sessions end.</summary>
    public async Task ChangeRoleAsync(string email, string role, string? agency = null)
    {
        var user = await FindAsync(email);
        CheckRole(role, agency);
        await EnsureRolesAsync();
        user.AgencyId = string.IsNullOrWhiteSpace(agency) ? null : await AgencyIdAsync(agency);
        Check(await users.UpdateAsync(user));
        Check(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)));
        Check(await users.AddToRoleAsync(user, role));
        await EndSessionsAsync(user);
    }

    /// <summary>Gives a person a new password (generated and returned once when <paramref name="password"/> is null); their sessions end.</summary>
    public async Task<string?> ResetPasswordAsync(string email, string? password)
    {
        var user = await FindAsync(email);
        var generated = password is null ? GeneratePassword() : null;
        // The new password is checked before the old one goes, so a refused one leaves the account as it was.
        foreach (var validator in users.PasswordValidators)
        {
            var valid = await validator.ValidateAsync(users, user, password ?? generated!);
            if (!valid.Succeeded) throw new ArgumentException(string.Join(" ", valid.Errors.Select(e => e.Description)));
        }
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password ?? generated!));
        await EndSessionsAsync(user);
        return generated;
    }

    /// <summary>
    /// The account of a person signed in at the force's identity provider, by the provider's <paramref name="subject"/>:
    /// made on their first sign-in (no password: they sign in there), or joined to the local account with the same
    /// email (whose password then goes: it is signed in there only). The provider must vouch for the address either way.
    /// Their role becomes the one the provider's claim gives (ending their other sessions when it changes). A disabled
    /// account stays disabled.
    /// </summary>
    public async Task<SafeguardUser> FromProviderAsync(string subject, string? email, bool emailVerified, string? displayName, string role)
    {
        const string provider = ForceIdentityProviderOptions.Scheme;
        CheckRole(role, null);
        var user = await users.FindByLoginAsync(provider, subject);
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(email)) throw new SignInRefusedException("Your force account has no email address, which Safeguard needs.");
            // An address the provider does not vouch for is nobody's: it could be a colleague's, and the s.62 log names people by it.
            if (!emailVerified) throw new SignInRefusedException("Your force account's email address is not verified. Ask the service desk to verify it.");
            user = await users.FindByEmailAsync(email.Trim());
            if (user is null)
            {
                await EnsureRolesAsync();
                user = new SafeguardUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = displayName };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, role));
            }
            else if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == provider))
            {
                throw new SignInRefusedException("A Safeguard account already has this email address. Ask the administrator of Safeguard to join it to your force account.");
            }
            else if (await users.HasPasswordAsync(user))
            {
                // Joined to the force's account, it is signed in there only: a password would get round the provider's role and its leavers.
                Check(await users.RemovePasswordAsync(user));
            }
            Check(await users.AddLoginAsync(user, new UserLoginInfo(provider, subject, provider)));
        }
        if (IsDisabled(user.LockoutEnd)) throw new SignInRefusedException("This account is disabled.");
        if (!(await users.GetRolesAsync(user)).SequenceEqual([role])) await ChangeRoleAsync(user.Email!, role);
        return await users.FindByIdAsync(user.Id) ?? user;
    }

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd == DateTimeOffset.MaxValue;

    private async Task EndSessionsAsync(SafeguardUser user)
    {
        Check(await users.UpdateSecurityStampAsync(user));
        await sessions.EndAllAsync(user.Id);
    }

    private async Task<SafeguardUser> FindAsync(string email) =>
        await users.FindByEmailAsync(email.Trim()) ?? throw new ArgumentException("No account has this email address.", nameof(email));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    private static void CheckRole(string role, string? agency)
    {
        if (!Roles.People.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.People)}.", nameof(role));
        if (role == Roles.PartnerAgency && string.IsNullOrWhiteSpace(agency))
            throw new ArgumentException("A partner-agency user needs --agency: the agency whose shared notices they may see.", nameof(agency));
        if (role != Roles.PartnerAgency && !string.IsNullOrWhiteSpace(agency))
            throw new ArgumentException("Only partner-agency users belong to an agency.", nameof(agency));
    }

    /// <summary>The agency from the administrators' list a partner user belongs to; never made up on the way.</summary>
    private async Task<long> AgencyIdAsync(string agency) =>
        (await agencies.FindAsync(agency))?.Id
        ?? throw new ArgumentException("No agency in the list has this code or name: add it first (safeguard agencies add).", nameof(agency));

    private static string GeneratePassword() =>
        "Sg-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y') + "9a";
}
