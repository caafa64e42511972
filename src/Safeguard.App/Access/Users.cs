using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.App.Notices;

namespace Safeguard.App.Access;

public sealed record AddedUser(string Email, string Role, string? GeneratedPassword);

/// <summary>Creates people's accounts (ASP.NET Core Identity) with one role each.</summary>
public sealed class Users(UserManager<SafeguardUser> users, RoleManager<IdentityRole> roles, AppDbContext db)
{
    /// <summary>
    /// Adds a user. When <paramref name="password"/> is null a strong one is generated and returned once. A partner-agency
    /// user must name their agency (created if new); nobody else may.
    /// </summary>
    public async Task<AddedUser> AddAsync(string email, string role, string? displayName, string? password, string? agency = null)
    {
        if (!Roles.People.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.People)}.", nameof(role));
        if (role == Roles.PartnerAgency && string.IsNullOrWhiteSpace(agency))
            throw new ArgumentException("A partner-agency user needs --agency: the agency whose shared notices they may see.", nameof(agency));
        if (role != Roles.PartnerAgency && !string.IsNullOrWhiteSpace(agency))
            throw new ArgumentException("Only partner-agency users belong to an agency.", nameof(agency));
        await EnsureRolesAsync();
        var generated = password is null ? GeneratePassword() : null;
        var user = new SafeguardUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        if (!string.IsNullOrWhiteSpace(agency))
        {
            var name = agency.Trim();
            var existing = await db.Agencies.SingleOrDefaultAsync(a => a.Name == name);
            if (existing is null)
            {
                existing = new Agency { Name = name };
                db.Agencies.Add(existing);
                await db.SaveChangesAsync();
            }
            user.AgencyId = existing.Id;
        }
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded) throw new ArgumentException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded) throw new InvalidOperationException(string.Join(" ", inRole.Errors.Select(e => e.Description)));
        return new AddedUser(email, role, generated);
    }

    public bool Any() => users.Users.Any();

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
    }

    private static string GeneratePassword() =>
        "Sg-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y') + "9a";
}
