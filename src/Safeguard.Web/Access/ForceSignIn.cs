using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Safeguard.Web.Access;

public static class ForceSignIn
{
    /// <summary>
    /// Sign-in at the force's identity provider (OpenID Connect, authorisation code with PKCE), when
    /// <c>Authentication:OpenIdConnect</c> names one. The provider's answer is held in Identity's external cookie just long
    /// enough for <c>/Account/External</c> to find the person's account and role; from then on they have the same session as
    /// anyone signed in with a password (server-side, idle and absolute limits, ended by sign-out and by account changes).
    /// Settings that cannot work stop the application at start rather than at the first sign-in.
    /// </summary>
    public static IServiceCollection AddForceIdentityProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForceIdentityProviderOptions.Section).Get<ForceIdentityProviderOptions>() ?? new();
        services.AddSingleton(settings);
        // An identity provider's two-factor sign-in is kept when the session is checked against the account again.
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(SafeguardClaimsFactory.TwoFactorClaim) is { Value: SafeguardClaimsFactory.AtTheProvider } claim
                && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SafeguardClaimsFactory.TwoFactorClaim))
                identity.AddClaim(new Claim(claim.Type, claim.Value));
            return Task.CompletedTask;
        });
        if (!settings.Enabled) return services;
        if (settings.Problem() is { } problem) throw new InvalidOperationException(problem);
        services.AddAuthentication().AddOpenIdConnect(ForceIdentityProviderOptions.Scheme, settings.DisplayName, o =>
        {
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "email" }) o.Scope.Add(scope);
            o.CallbackPath = "/signin-force";
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.DisableTelemetry = true;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.TokenValidationParameters.NameClaimType = "email";
            o.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
            // A refused or broken answer from the provider is the sign-in page again, saying so (nothing of it in the address).
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/Account/External?handler=Failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return services;
    }
}
