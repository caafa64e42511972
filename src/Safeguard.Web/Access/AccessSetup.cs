using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Safeguard.App.Access;
using Safeguard.App.Data;

namespace Safeguard.Web.Access;

public static class AuthorizationExtensions
{
    /// <summary>Whether the signed-in person meets the policy: for showing only what they may use.</summary>
    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;
}

public static class AccessSetup
{
    public const string Scheme = "Safeguard";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Sent by a board's script with its refreshes: a request the person did not make.</summary>
    public const string BackgroundHeader = "X-Safeguard-Refresh";

    /// <summary>
    /// People sign in with Identity cookies; machine clients send an API key. Every endpoint requires an authenticated
    /// caller unless it says otherwise (deny by default), and each feature names the roles it serves.
    /// </summary>
    public static IServiceCollection AddSafeguardAccess(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && IsSignInStep(context.Request.Path)
                    ? RateLimitPartition.GetFixedWindowLimiter("sign-in from " + context.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue("Accounts:SignInsPerMinute", 20),
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                    : RateLimitPartition.GetNoLimiter("everything else"));
        });
        new IdentityBuilder(typeof(SafeguardUser), typeof(IdentityRole), services).AddSignInManager().AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<SafeguardClaimsFactory>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(ApiKeyHeader)
                    ? ApiKeyHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/SignIn";
            o.LogoutPath = "/Account/SignOut";
            o.AccessDeniedPath = "/Account/Denied";
            o.Cookie.Name = "safeguard";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Sessions live on the server (SessionTicketStore): idle for 30 minutes or 12 hours after signing in, they end
            // (SessionLimits; the cookie's own expiry follows the idle time below).
            o.SlidingExpiration = false; // renewed by the person's own requests only (OnValidatePrincipal)
            // The API answers 401/403 with problem details rather than redirecting to a page.
            o.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
            // The session is checked against the account now and then; while the database cannot be had it is checked on a
            // later request instead, so the person sees the outage page rather than a failure of the failure page.
            o.Events.OnValidatePrincipal = async context =>
            {
                try
                {
                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                    // Every request a person makes keeps their session alive for the idle time again (up to its absolute limit);
                    // a board's own refresh of its rows (marked by its script) is not the person, and does not.
                    if (context.Principal is not null && !context.Request.Headers.ContainsKey(BackgroundHeader)) context.ShouldRenew = true;
                }
                catch (Exception e) when (App.Subjects.DatabaseErrors.IsUnavailable(e))
                {
                }
            };
        });
        services.AddSingleton<SessionTicketStore>();
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SessionLimits>((o, limits) => o.ExpireTimeSpan = limits.Idle.ToTimeSpan());
        services.AddSingleton<IPostConfigureOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>, UseSessionTicketStore>();
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // A key's scopes narrow what its role allows: each policy also asks that an API key was issued for it.
        foreach (var (policy, roles) in Policies.Admits)
            authorization.AddPolicy(policy, p => p.RequireRole(roles).AddRequirements(new KeyScopeRequirement(policy)));
        services.AddSingleton<IAuthorizationHandler, KeyScopeHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, RefusalAuditing>();
        return services;
    }

    private static Task ApiOr(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Where two-factor sign-in is required (<c>Accounts:RequireTwoFactor</c>; by default everywhere but Development),
    /// a person of any role but the partner's who has not set it up is brought to the set-up page from every page, and
    /// refused by the API, until they have.
    /// </summary>
    public static void UseTwoFactorEnrolment(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Accounts:RequireTwoFactor", !app.Environment.IsDevelopment())) return;
        app.Use((context, next) =>
        {
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true || user.FindFirst(ApiKeyHandler.KeyNameClaim) is not null || user.IsInRole(Roles.PartnerAgency)
                || user.HasClaim(c => c.Type == SafeguardClaimsFactory.TwoFactorClaim) || Enrolling(context.Request.Path))
                return next(context);
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 403,
                    Title = "Two-factor sign-in is not set up",
                    Detail = "Set up two-factor sign-in at /Account/SetUpTwoFactor first.",
                }, options: null, contentType: "application/problem+json");
            }
            context.Response.Redirect("/Account/SetUpTwoFactor");
            return Task.CompletedTask;
        });
    }

    /// <summary>The forms that check a secret (a password, a code), however the address is written ("/account/signin/").</summary>
    private static bool IsSignInStep(PathString path) =>
        (path.Value ?? "").TrimEnd('/') is var p && (p.Equals("/Account/SignIn", StringComparison.OrdinalIgnoreCase) || p.Equals("/Account/TwoFactor", StringComparison.OrdinalIgnoreCase));

    private static bool Enrolling(PathString path) =>
        path.StartsWithSegments("/Account") || path.StartsWithSegments("/Error") || path.StartsWithSegments("/health");

    /// <summary>The name recorded as the author of what a caller does: the person's user name or the API key's name.</summary>
    public static string Author(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyHandler.KeyNameClaim) is { } key ? "api:" + key : user.Identity?.Name ?? "unknown";
}

/// <summary>Authenticates machine clients by the <c>X-Api-Key</c> header against the stored hashes.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyNameClaim = "safeguard:api-key";
    public const string ScopeClaim = "safeguard:scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AccessSetup.ApiKeyHeader, out var values)) return AuthenticateResult.NoResult();
        // A key opens the API only: on a page or the hub it is no one.
        if (!Request.Path.StartsWithSegments("/api")) return AuthenticateResult.Fail("An API key opens the API only.");
        var identity = await keys.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The API key is not valid.");
        Claim[] claims =
        [
            new(ClaimTypes.Name, "api-key-" + identity.Id),
            new(KeyNameClaim, identity.Name),
            new(ClaimTypes.Role, identity.Role),
            .. identity.Scopes.Select(s => new Claim(ScopeClaim, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}

/// <summary>That an API key, if the caller is one, was issued for this policy (its scopes); people pass on their role alone.</summary>
public sealed record KeyScopeRequirement(string Policy) : IAuthorizationRequirement;

public sealed class KeyScopeHandler : AuthorizationHandler<KeyScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, KeyScopeRequirement requirement)
    {
        var user = context.User;
        if (user.FindFirst(ApiKeyHandler.KeyNameClaim) is null || user.HasClaim(ApiKeyHandler.ScopeClaim, requirement.Policy))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
