using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Safeguard.App.Access;
using Safeguard.App.Data;

namespace Safeguard.Web.Access;

public static class Policies
{
    public const string ReadPerformance = "read-performance";
    public const string ReadIncidents = "read-incidents";
    public const string WriteIncidents = "write-incidents";
    public const string WatchBoard = "watch-board";
    public const string WatchLiveBoards = "watch-live-boards";
    public const string ReadMissing = "read-missing";
    public const string WriteMissing = "write-missing";
    public const string ReadNotices = "read-notices";
    public const string AcknowledgeNotices = "acknowledge-notices";
    public const string SubmitNotices = "submit-notices";
    public const string ReviewNotices = "review-notices";
    public const string ReadChildren = "read-children";
    public const string WriteChildren = "write-children";
    public const string ReadAudit = "read-audit";
    public const string DecideNoticeNeed = "decide-notice-need";
    public const string NameChildren = "name-children";
    public const string Administer = "administer";

    /// <summary>The policy that lets one read a record of this kind (<see cref="App.Records"/>).</summary>
    public static string ToRead(string kind) => kind switch
    {
        App.Records.Incident => ReadIncidents,
        App.Records.Notice => ReadNotices,
        App.Records.Missing => ReadMissing,
        App.Records.Child => ReadChildren,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of record."),
    };

    /// <summary>Whether the signed-in person meets the policy: for showing only what they may use.</summary>
    public static async Task<bool> MayAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;
}

public static class AccessSetup
{
    public const string Scheme = "Safeguard";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>
    /// People sign in with Identity cookies; machine clients send an API key. Every endpoint requires an authenticated
    /// caller unless it says otherwise (deny by default), and each feature names the roles it serves.
    /// </summary>
    public static IServiceCollection AddSafeguardAccess(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(SafeguardUser), typeof(IdentityRole), services).AddSignInManager().AddDefaultTokenProviders()
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
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
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
                }
                catch (Exception e) when (App.Subjects.DatabaseErrors.IsUnavailable(e))
                {
                }
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ReadPerformance, p => p.RequireRole(Roles.PerformanceReaders))
            .AddPolicy(Policies.ReadIncidents, p => p.RequireRole(Roles.IncidentReaders))
            .AddPolicy(Policies.WriteIncidents, p => p.RequireRole(Roles.IncidentWriters))
            .AddPolicy(Policies.WatchBoard, p => p.RequireRole(Roles.BoardWatchers))
            .AddPolicy(Policies.WatchLiveBoards, p => p.RequireRole(Roles.LiveBoardWatchers))
            .AddPolicy(Policies.ReadMissing, p => p.RequireRole(Roles.MissingReaders))
            .AddPolicy(Policies.WriteMissing, p => p.RequireRole(Roles.MissingWriters))
            .AddPolicy(Policies.ReadNotices, p => p.RequireRole(Roles.NoticeReaders))
            .AddPolicy(Policies.AcknowledgeNotices, p => p.RequireRole(Roles.PartnerAgency))
            .AddPolicy(Policies.SubmitNotices, p => p.RequireRole(Roles.NoticeSubmitters))
            .AddPolicy(Policies.ReviewNotices, p => p.RequireRole(Roles.MashStaff))
            .AddPolicy(Policies.ReadChildren, p => p.RequireRole(Roles.ChildReaders))
            .AddPolicy(Policies.WriteChildren, p => p.RequireRole(Roles.ChildWriters))
            .AddPolicy(Policies.ReadAudit, p => p.RequireRole(Roles.AuditReaders))
            .AddPolicy(Policies.DecideNoticeNeed, p => p.RequireRole(Roles.NoticeDeciders))
            .AddPolicy(Policies.NameChildren, p => p.RequireRole(Roles.ChildNamers))
            .AddPolicy(Policies.Administer, p => p.RequireRole(Roles.Administrator));
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

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AccessSetup.ApiKeyHeader, out var values)) return AuthenticateResult.NoResult();
        var identity = await keys.ValidateAsync(values.ToString(), Context.RequestAborted);
        if (identity is null) return AuthenticateResult.Fail("The API key is not valid.");
        var claims = new[]
        {
            new Claim(ClaimTypes.Name, "api-key-" + identity.Id),
            new Claim(KeyNameClaim, identity.Name),
            new Claim(ClaimTypes.Role, identity.Role),
        };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
