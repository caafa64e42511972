using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Safeguard.App.Data;

namespace Safeguard.App.Access;

/// <summary>
/// NCSC password guidance: length (12 characters, set in the Identity options) and a deny-list, with no rules on
/// composition. A password is refused when, once its case, common letter-for-symbol swaps and the digits and symbols
/// around it are set aside, what is left is a common password or word, a keyboard run or sequence, one character
/// repeated, the service's name, or the person's own email address: "Password123!", "Qwertyuiop12", "111111111111".
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<SafeguardUser>
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "password", "passwort", "passe", "motdepasse", "qwerty", "qwertz", "azerty", "letmein", "welcome", "iloveyou", "admin", "administrator",
        "root", "user", "login", "football", "baseball", "soccer", "monkey", "dragon", "sunshine", "princess", "master", "shadow", "superman",
        "batman", "trustno", "starwars", "whatever", "freedom", "changeme", "secret", "default", "guest", "test", "hello", "hellothere", "abc",
        "police", "policeofficer", "constable", "safeguard", "safeguarding", "summer", "winter", "spring", "autumn", "monday", "friday",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "london",
        "england", "liverpool", "chelsea", "arsenal", "manchester", "charlie", "michael", "jennifer", "thomas", "jordan", "hunter", "ranger",
        "buster", "harley", "killer", "jessica", "pepper", "ginger", "cheese", "computer", "internet", "mustang", "access",
        "flower", "lovely", "loveme", "blessed", "family", "forever", "qazwsx", "zaq", "asdf", "zxcv",
    };

    private static readonly string[] Runs =
        ["qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhnujmikolp"];

    public Task<IdentityResult> ValidateAsync(UserManager<SafeguardUser> manager, SafeguardUser user, string? password)
    {
        var refused = password is not null && IsCommon(password, user.Email);
        return Task.FromResult(refused
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "The password is too easy to guess: it is a common password, a pattern or your email address. Three random words make a good one.",
            })
            : IdentityResult.Success);
    }

    public static bool IsCommon(string password, string? email = null)
    {
        var plain = password.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        if (plain.Distinct().Count() <= 2) return true;
        if (Runs.Any(r => IsRun(plain, r) || IsRun(plain, new string([.. r.Reverse()])))) return true;
        var core = Swap(plain.Trim("0123456789!\"£$%^&*()-_=+[]{};:'@#~,.<>/?\\| ".ToCharArray()));
        var letters = new string([.. core.Where(char.IsLetter)]);
        if (letters.Length == 0 || Words.Contains(letters) || Words.Contains(core)) return true;
        if (Words.Any(w => w.Length >= 5 && letters == w + w)) return true;
        if (Runs.Any(r => letters.Length >= 4 && (r.Contains(letters, StringComparison.Ordinal) || new string([.. r.Reverse()]).Contains(letters, StringComparison.Ordinal)))) return true;
        var local = email?.Split('@')[0].ToLower(CultureInfo.InvariantCulture);
        return local is { Length: >= 4 } && (plain.Contains(local, StringComparison.Ordinal) || letters == new string([.. local.Where(char.IsLetter)]));
    }

    /// <summary>Whether the password is mostly (all but 3 characters) a stretch of a keyboard row or sequence.</summary>
    private static bool IsRun(string plain, string run)
    {
        for (var length = plain.Length; length >= Math.Max(6, plain.Length - 3); length--)
            for (var start = 0; start + length <= plain.Length; start++)
                if (run.Contains(plain.AsSpan(start, length), StringComparison.Ordinal)) return true;
        return false;
    }

    private static string Swap(string text) => new([.. text.Select(c => c switch
    {
        '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', '@' => 'a', '$' => 's', '!' => 'i',
        _ => c,
    })]);
}
