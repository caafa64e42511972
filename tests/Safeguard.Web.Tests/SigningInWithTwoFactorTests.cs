using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// Where two-factor sign-in is required (everywhere but Development unless a force says otherwise), every role but the
/// partner's sets up an authenticator app before anything else, and signs in with a code after the password from then on.
/// </summary>
public class SigningInWithTwoFactorTests
{
    private static readonly Dictionary<string, string?> Required = new() { ["Accounts:RequireTwoFactor"] = "true" };

    /// <summary>The RFC 6238 code an authenticator app shows for a base32 key (SHA-1, 30 seconds, six digits).</summary>
    private static string Code(string base32, DateTimeOffset at)
    {
        var key = Base32(base32.Replace(" ", "", StringComparison.Ordinal));
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
#pragma warning disable CA5350 // what authenticator apps compute (RFC 6238)
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task ASupervisor_SetsUpAnAuthenticator_BeforeAnythingElse_ThenSignsInWithACode()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: Required);
        var (email, password) = await app.AddUserAsync(Roles.Supervisor);
        using var client = app.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.SignInAsync(client, email, password)).StatusCode);

        var board = await client.GetAsync("/Board");
        Assert.Equal(HttpStatusCode.Redirect, board.StatusCode);
        Assert.Equal("/Account/SetUpTwoFactor", board.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/reports/performance?from=2024-01-01&to=2024-02-01")).StatusCode);

        var setUp = await client.GetStringAsync("/Account/SetUpTwoFactor");
        var key = Regex.Match(setUp, "<code id=\"key\">([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, "/Account/SetUpTwoFactor", new() { ["code"] = "000000" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/Account/SetUpTwoFactor", new() { ["code"] = Code(key, app.Time.GetUtcNow()) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Board")).StatusCode);

        // Next time: the password alone is not enough.
        using var again = app.CreateAnonymousClient();
        var first = await SafeguardApp.SignInAsync(again, email, password);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/Account/TwoFactor", first.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/Board")).StatusCode); // not signed in yet
        var wrong = await PostAsync(again, "/Account/TwoFactor", new() { ["code"] = "123456" });
        Assert.Contains("The code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A code from ten minutes ago is stale; the app's clock is the application's, not the machine's.
        var stale = await PostAsync(again, "/Account/TwoFactor", new() { ["code"] = Code(key, app.Time.GetUtcNow().AddMinutes(-10)) });
        Assert.Contains("The code is not right", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var right = await PostAsync(again, "/Account/TwoFactor", new() { ["code"] = Code(key, app.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Board")).StatusCode);
        Assert.Contains("two-factor", (await app.RunCliAsync("users", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartner_IsNotAskedForACode()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: Required);
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/Notices")).StatusCode);
    }
}
