using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

public sealed record AddedUser(string Email, string Role, string? GeneratedPassword);

/// <summary>Creates people's accounts (ASP.NET Core Identity) with one role each.</summary>
public sealed class Users(UserManager<SafeguardUser> users, RoleManager<IdentityRole> roles)
{
    /// <summary>Adds a user. When <paramref name="password"/> is null a strong one is generated and returned once.</summary>
    public async Task<AddedUser> AddAsync(string email, string role, string? displayName, string? password)
    {
        if (!Roles.People.Contains(role))
            throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.People)}.", nameof(role));
        await EnsureRolesAsync();
        var generated = password is null ? GeneratePassword() : null;
        var user = new SafeguardUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
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
