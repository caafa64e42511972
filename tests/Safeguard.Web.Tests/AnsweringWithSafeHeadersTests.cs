using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Safeguard.App.Access;
using Safeguard.Web.Hosting;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// What every answer says to the browser: no inline script or style and no framing (CSP), no sniffing, no referrer,
/// nothing with personal data kept in a cache; the API's description and the boards' live connection only for those
/// signed in who may use them; behind a TLS proxy the session cookie stays Secure.
/// </summary>
public partial class AnsweringWithSafeHeadersTests
{
    [Fact]
    public async Task PagesAndTheApi_CarryTheSecurityHeaders_AndAreNeverCached_WhileStaticFilesAre()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);

        foreach (var (client, path) in new[] { (supervisor, "/"), (supervisor, "/Board"), (supervisor, "/Mash"), (supervisor, "/Children"), (cc, "/api/incidents/NOT-THERE") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached");
            if (path.StartsWith("/api", StringComparison.Ordinal)) continue;
            // The policy allows no inline script or style, so the pages hold none: scripts come from files (a JSON
            // data block is not run), and no element has a style or an event handler attribute.
            var html = await response.Content.ReadAsStringAsync();
            Assert.Empty(InlineScript().Matches(html));
            Assert.Empty(InlineStyleOrHandler().Matches(html));
        }

        using var css = await supervisor.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.False(css.Headers.CacheControl?.NoStore ?? false);
        Assert.Equal(TimeSpan.FromDays(1), css.Headers.CacheControl?.MaxAge);
        Assert.Equal("nosniff", css.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task TheApisDescription_AndTheBoardsLiveConnection_AreForThoseWhoMayUseThem()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var anonymous = app.CreateAnonymousClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/openapi/v1.json")).StatusCode);

        // A partner is never told that the force's records changed; those who watch a board are.
        using var partner = await app.CreateSignedInClientAsync(Roles.PartnerAgency);
        using var refused = await partner.PostAsync("/hubs/board/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
        Assert.StartsWith("/Account/Denied", refused.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        foreach (var role in new[] { Roles.Supervisor, Roles.MashPractitioner, Roles.MissingCoordinator, Roles.CallHandler })
        {
            using var watcher = await app.CreateSignedInClientAsync(role);
            Assert.Equal(HttpStatusCode.OK, (await watcher.PostAsync("/hubs/board/negotiate?negotiateVersion=1", null)).StatusCode);
        }
    }

    [Fact]
    public async Task BehindATlsProxy_TheSessionCookieIsSecure()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        var (email, password) = await app.AddUserAsync(Roles.Supervisor);

        Assert.False(await SessionCookieIsSecureAsync(forwardedProto: null));
        // The proxy on loopback says the browser came over HTTPS.
        Assert.True(await SessionCookieIsSecureAsync(forwardedProto: "https"));

        async Task<bool> SessionCookieIsSecureAsync(string? forwardedProto)
        {
            var cookies = new CookieContainer();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
            if (forwardedProto is not null) browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
            Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.SignInAsync(browser, email, password)).StatusCode);
            return cookies.GetAllCookies().Single(c => c.Name == "safeguard").Secure;
        }
    }

    [Fact]
    public async Task AnApiBodyBeyondTheLimit_IsRefused413_AndChangesNothing()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var huge = new string('x', (int)SafeguardWeb.MaxApiBodyBytes);
        using var refused = await cc.PostAsJsonAsync("/api/incidents", new { reference = "BIG-1", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true, category = huge });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await app.CountIncidentsAsync());
        // A record at its largest is well inside the limit.
        using var accepted = await cc.PostAsJsonAsync("/api/incidents", new { reference = "BIG-2", createdAt = app.Now.ToString(), grade = "priority", childrenInvolved = true, category = new string('y', 100) });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-z][^>]*\\s(style|on[a-z]+)=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyleOrHandler();
}
