using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Safeguard.Web.Tests.Infrastructure;

/// <summary>Who the provider signs in next: the subject, their email, the roles (groups) it asserts, and how they signed in (amr).</summary>
public sealed record ProviderPerson(string Subject, string Email, string[] Roles, string[] Amr, bool EmailVerified = true);

/// <summary>
/// A force's identity provider as far as Safeguard uses one, on a loopback port: OpenID Connect discovery, its signing
/// key, the authorisation endpoint (which signs in <see cref="Next"/> at once, as a provider would after its own
/// password and second factor) and the token endpoint (authorisation code with PKCE S256, client secret, one use per
/// code), issuing RS256 id tokens with the nonce it was given. <see cref="SignWithAnotherKey"/> makes it sign with a
/// key its metadata does not publish, as a forged token would be.
/// </summary>
public sealed class LocalIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "safeguard-tests";
    public const string ClientSecret = "a client secret the tests share with the provider";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "published" };
    private readonly RsaSecurityKey _otherKey = new(RSA.Create(2048)) { KeyId = "published" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();

    private sealed record Grant(ProviderPerson Person, string RedirectUri, string Nonce, string Challenge);

    public string Authority { get; }
    public ProviderPerson? Next { get; set; }
    public bool SignWithAnotherKey { get; set; }

    /// <summary>Every token request that was refused, and why.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    private LocalIdentityProvider(WebApplication app, string authority) => (_app, Authority) = (app, authority);

    /// <summary>The application's settings for this provider, mapping its roles as given.</summary>
    public Dictionary<string, string?> Settings(params (string Claim, string Role)[] roles)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = Authority,
            ["Authentication:OpenIdConnect:ClientId"] = ClientId,
            ["Authentication:OpenIdConnect:ClientSecret"] = ClientSecret,
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
            ["Authentication:OpenIdConnect:DisplayName"] = "your Test Constabulary account",
        };
        foreach (var (claim, role) in roles) settings[$"Authentication:OpenIdConnect:Roles:{claim}"] = role;
        return settings;
    }

    public static async Task<LocalIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var port = FakeSmtpServer.FreePort();
        var authority = $"http://127.0.0.1:{port}";
        builder.WebHost.UseUrls(authority);
        var app = builder.Build();
        var provider = new LocalIdentityProvider(app, authority);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority,
            ["authorization_endpoint"] = authority + "/authorize",
            ["token_endpoint"] = authority + "/token",
            ["jwks_uri"] = authority + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._key.Rsa.ExportParameters(false)) { KeyId = provider._key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) => provider.Authorize(request.Query));
        app.MapPost("/token", async (HttpRequest request) => provider.Token(await request.ReadFormAsync(), request.Headers.Authorization.ToString()));
        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(IQueryCollection query)
    {
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || !query["scope"].ToString().Split(' ').Contains("openid") || string.IsNullOrEmpty(query["code_challenge"]))
            return Results.BadRequest("invalid_request");
        var redirect = query["redirect_uri"].ToString();
        if (Next is not { } person)
            return Results.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(query["state"].ToString())}");
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(person, redirect, query["nonce"].ToString(), query["code_challenge"].ToString());
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private IResult Token(IFormCollection form, string authorization)
    {
        var (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
            (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        string? refusal = null;
        if (id != ClientId || secret != ClientSecret) refusal = "invalid_client";
        else if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)) refusal = "invalid_grant";
        else if (grant.RedirectUri != form["redirect_uri"]) refusal = "invalid_grant: redirect_uri";
        else if (Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge) refusal = "invalid_grant: code_verifier";
        else
        {
            var claims = new Dictionary<string, object>
            {
                ["sub"] = grant.Person.Subject,
                ["email"] = grant.Person.Email,
                ["email_verified"] = grant.Person.EmailVerified,
                ["name"] = "Person " + grant.Person.Subject,
                ["roles"] = grant.Person.Roles,
                ["amr"] = grant.Person.Amr,
                ["nonce"] = grant.Nonce,
            };
            var now = TimeProvider.System.GetUtcNow().UtcDateTime; // the provider is another host, with its own clock
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(SignWithAnotherKey ? _otherKey : _key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "opaque-" + Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = idToken });
        }
        Refused.Enqueue(refusal);
        return Results.BadRequest(new { error = refusal.Split(':')[0] });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
