using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Access;
using Safeguard.Web.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// docs/access.md is the permission table. Every endpoint and page the application maps (read from its endpoint data
/// source, so a new one is covered as soon as it exists) must be in it, and every role must be let in exactly where the
/// table says: by the server's own policies, and by real requests.
/// </summary>
public class KeepingToThePermissionTableTests
{
    private const string Anyone = "anyone";
    private const string SignedIn = "signed in";

    private sealed record Row(string Method, string Path, string Handler, string Needs);

    private static readonly string Doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "access.md"));

    /// <summary>The capability × role table: which roles each policy admits, as the document says.</summary>
    private static Dictionary<string, HashSet<string>> DocumentedCapabilities()
    {
        var lines = Section("Capabilities").Where(l => l.StartsWith('|')).ToList();
        var header = Cells(lines[0]);
        Assert.Equal(["Capability", .. Roles.All], header);
        return lines.Skip(2).Select(Cells).ToDictionary(c => c[0].Trim('`'),
            c => header.Skip(1).Where((_, i) => c[i + 1] == "✓").ToHashSet(StringComparer.Ordinal));
    }

    private static List<Row> DocumentedEndpoints() =>
        [.. Section("Endpoints and pages").Where(l => l.StartsWith('|')).Skip(2).Select(Cells).Select(c => new Row(c[0], c[1].Trim('`'), c[2], c[3]))];

    private static IEnumerable<string> Section(string title)
    {
        var lines = Doc.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("## " + title);
        Assert.True(start >= 0, $"docs/access.md has no section '{title}'.");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
    }

    private static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    [Fact]
    public void TheCapabilityTable_IsThePoliciesTheServerEnforces()
    {
        var documented = DocumentedCapabilities();
        Assert.Equal(Policies.Admits.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (policy, roles) in Policies.Admits)
            Assert.True(roles.ToHashSet().SetEquals(documented[policy]),
                $"{policy}: the server admits {string.Join(", ", roles.Order())}; docs/access.md says {string.Join(", ", documented[policy].Order())}.");
    }

    [Fact]
    public async Task EveryEndpointAndPage_IsInTheTable_AndLetsInExactlyTheRolesItSays()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var mapped = await MappedAsync(app.Services);
        var documented = DocumentedEndpoints();
        var missing = mapped.Keys.Except(documented.Select(r => r with { Needs = "" })).Select(Show).ToList();
        Assert.True(missing.Count == 0, "Not in docs/access.md:\n" + string.Join("\n", missing));
        var gone = documented.Select(r => r with { Needs = "" }).Except(mapped.Keys).Select(Show).ToList();
        Assert.True(gone.Count == 0, "In docs/access.md but not mapped:\n" + string.Join("\n", gone));

        var capabilities = DocumentedCapabilities();
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var wrong = new List<string>();
        foreach (var row in documented)
        {
            var policies = mapped[row with { Needs = "" }];
            foreach (var role in Roles.All)
            {
                var expected = Admitted(row, role, capabilities);
                var actual = await AllowsAsync(authorization, policies, row.Path, role);
                if (expected != actual) wrong.Add($"{Show(row)} as {role}: the server {(actual ? "lets in" : "refuses")}, the table says {(expected ? "let in" : "refuse")}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>
    /// Every GET the table lists, asked for by every role over HTTP with real records: refused (401, 403 or the
    /// sign-in and denied pages) exactly where the table says.
    /// </summary>
    [Fact]
    public async Task EveryRole_IsRefusedOverHttp_WhereTheTableSays()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var references = await SeedAsync(app);
        var capabilities = DocumentedCapabilities();
        // Pages open to anyone are checked by the policies alone: some send a visitor on (the code page without a password first).
        var gets = DocumentedEndpoints().Where(r => r.Method == "GET" && r.Handler == "" && r.Needs != Anyone && !r.Path.StartsWith("/hubs", StringComparison.Ordinal)).ToList();
        var wrong = new List<string>();
        foreach (var role in Roles.All)
        {
            using var client = await app.CreateClientAsync(role);
            foreach (var row in gets)
            {
                var url = Fill(row.Path, references);
                using var response = await client.GetAsync(url);
                var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
                        && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString) is var to
                        && (to.StartsWith("/Account/Denied", StringComparison.Ordinal) || to.StartsWith("/Account/SignIn", StringComparison.Ordinal)));
                var expected = Admitted(row, role, capabilities);
                if (refused == expected) wrong.Add($"GET {url} as {role}: {(int)response.StatusCode}, the table says {(expected ? "let in" : "refuse")}");
                else if (expected && response.StatusCode >= HttpStatusCode.InternalServerError) wrong.Add($"GET {url} as {role}: {(int)response.StatusCode}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task CommandAndControl_WritesAMissingEpisode_ButIsToldOnlyThatItWasRecorded()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        var reported = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/missing", new
        {
            reference = "MIS-CC-1",
            childReference = "C-CC",
            reportedAt = app.Now.ToString(),
            risk = "high",
            information = new[] { new { item = "Seen with an older man (synthetic)", source = "Mother", obtainedAt = app.Now.ToString() } },
        }, HttpStatusCode.Created);
        Assert.Equal("recorded", reported.GetProperty("result").GetString());
        Assert.Equal(["reference", "result"], reported.EnumerateObject().Select(p => p.Name));
        var appended = await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/missing/MIS-CC-1/events",
            new { kind = "exploitation-indicator", at = app.Now.ToString(), indicator = "Gifts from an older man (synthetic)" }, HttpStatusCode.OK);
        Assert.Equal(["reference", "result"], appended.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.Forbidden, (await cc.GetAsync("/api/missing/MIS-CC-1")).StatusCode);
        using var coordinator = await app.CreateClientAsync(Roles.MissingCoordinator);
        Assert.Contains("Gifts from an older man (synthetic)", await coordinator.GetStringAsync("/api/missing/MIS-CC-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApiKey_OpensNoPage_AndNoHub()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cc.GetAsync("/Board")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cc.GetAsync("/Notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cc.PostAsync("/hubs/board/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cc.GetAsync("/api/incidents/NONE-1")).StatusCode);
    }

    [Fact]
    public async Task ACallHandler_SeesTheChildsFlagsOnTheIncident_ButNotTheRecord()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        await SeedAsync(app);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await HttpAssert.SendAsync(officer, HttpMethod.Put, "/api/children/CH-ACCESS-1", new { name = "Synthetic Child", childProtectionPlan = true }, HttpStatusCode.OK);
        using var handler = await app.CreateClientAsync(Roles.CallHandler);
        var incident = await handler.GetStringAsync("/Incidents/INC-ACCESS-1");
        Assert.Contains("Child protection plan", incident, StringComparison.Ordinal);
        Assert.Contains("CH-ACCESS-1", incident, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Children/", incident, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic Child", incident, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.GetAsync("/api/children/CH-ACCESS-1")).StatusCode);
        // The officer who may read the record gets the link.
        Assert.Contains("href=\"/Children/CH-ACCESS-1\"", await officer.GetStringAsync("/Incidents/INC-ACCESS-1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnalyst_SeesTheReferencesBehindAFigure_ButNotTheIncidents()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        await SeedAsync(app);
        app.AdvanceTime(NodaTime.Duration.FromHours(3)); // the priority incident is now late
        using var analyst = await app.CreateClientAsync(Roles.Analyst);
        var day = app.Now.InUtc().Date;
        var page = await analyst.GetStringAsync($"/Performance/Exceptions?from={day.PlusDays(-1):yyyy-MM-dd}&to={day.PlusDays(1):yyyy-MM-dd}");
        Assert.Contains("INC-ACCESS-1", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Incidents/", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/incidents/INC-ACCESS-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/missing/MIS-ACCESS-1")).StatusCode);
    }

    /// <summary>Whether the table lets <paramref name="role"/> use the row: people sign in to pages, keys only reach the API.</summary>
    private static bool Admitted(Row row, string role, Dictionary<string, HashSet<string>> capabilities)
    {
        if (row.Needs == Anyone) return true;
        var machine = Roles.Machines.Contains(role);
        if (machine && !row.Path.StartsWith("/api", StringComparison.Ordinal)) return false;
        if (row.Needs == SignedIn) return true;
        return row.Needs.Split(',', StringSplitOptions.TrimEntries).All(c => capabilities.TryGetValue(c.Trim('`'), out var roles) && roles.Contains(role));
    }

    /// <summary>Whether the server's policies let in a caller with this role (a person, or a key with every scope of its role).</summary>
    private static async Task<bool> AllowsAsync(IAuthorizationService authorization, IReadOnlyList<string>? policies, string path, string role)
    {
        if (policies is null) return true;
        var machine = Roles.Machines.Contains(role);
        if (machine && !path.StartsWith("/api", StringComparison.Ordinal)) return false;
        Claim[] claims = machine
            ? [new(ClaimTypes.Name, "api-key-1"), new(ApiKeyHandler.KeyNameClaim, "test"), new(ClaimTypes.Role, role),
                .. ApiKeys.ScopesOf(role).Select(s => new Claim(ApiKeyHandler.ScopeClaim, s))]
            : [new(ClaimTypes.Name, "someone@test.invalid"), new(ClaimTypes.Role, role)];
        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        foreach (var policy in policies)
        {
            var result = policy == SignedIn ? user.Identity!.IsAuthenticated : (await authorization.AuthorizeAsync(user, policy)).Succeeded;
            if (!result) return false;
        }
        return true;
    }

    /// <summary>Every mapped endpoint (a page once per handler) and the policies it needs; null for anyone.</summary>
    private static async Task<Dictionary<Row, IReadOnlyList<string>?>> MappedAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var result = new Dictionary<Row, IReadOnlyList<string>?>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var needs = Needs(compiled.EndpointMetadata);
                // A page without a model answers GET with its view.
                if (compiled.HandlerMethods.Count == 0) result[new Row("GET", path, "", "")] = needs;
                foreach (var handler in compiled.HandlerMethods)
                {
                    var allows = handler.MethodInfo.GetCustomAttribute<AllowsAttribute>();
                    var all = needs is null || allows is null ? needs : [.. needs.Where(n => n != SignedIn), allows.Policy];
                    result[new Row(handler.HttpMethod.ToUpperInvariant(), path, handler.Name ?? "", "")] = all;
                }
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            foreach (var method in methods) result[new Row(method, path, "", "")] = Needs(endpoint.Metadata);
        }
        return result;
    }

    private static List<string>? Needs(IEnumerable<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any()) return null;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        return policies.Count > 0 ? policies : [SignedIn];
    }

    private static string Show(Row row) => $"| {row.Method} | `{row.Path}` | {row.Handler} | {row.Needs} |";

    private static async Task<Dictionary<string, string>> SeedAsync(SafeguardApp app)
    {
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/incidents", new
        {
            reference = "INC-ACCESS-1",
            createdAt = app.Now.ToString(),
            grade = "priority",
            childrenInvolved = true,
            district = "North",
            category = "domestic",
            childReferences = new[] { "CH-ACCESS-1" },
        }, HttpStatusCode.Created);
        await HttpAssert.SendAsync(cc, HttpMethod.Post, "/api/missing", new
        {
            reference = "MIS-ACCESS-1",
            childReference = "CH-ACCESS-1",
            reportedAt = app.Now.ToString(),
            risk = "medium",
            district = "North",
        }, HttpStatusCode.Created);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        await HttpAssert.SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference = "PPN-ACCESS-1",
            childReference = "CH-ACCESS-1",
            incidentReference = "INC-ACCESS-1",
            type = "child_concern",
            officerRisk = "medium",
            occurredAt = app.Now.ToString(),
            narrative = "Synthetic narrative",
        }, HttpStatusCode.Created);
        return new Dictionary<string, string>
        {
            ["/api/incidents"] = "INC-ACCESS-1",
            ["/Incidents"] = "INC-ACCESS-1",
            ["/api/missing"] = "MIS-ACCESS-1",
            ["/Missing"] = "MIS-ACCESS-1",
            ["/api/notices"] = "PPN-ACCESS-1",
            ["/Notices"] = "PPN-ACCESS-1",
            ["/api/children"] = "CH-ACCESS-1",
            ["/Children"] = "CH-ACCESS-1",
        };
    }

    private static string Fill(string path, Dictionary<string, string> references)
    {
        var filled = path.Replace("{documentName}", "v1", StringComparison.Ordinal);
        if (!filled.Contains("{reference}", StringComparison.Ordinal)) return Regex.Replace(filled, "{[^}]+}", "1");
        var reference = references.Where(r => filled.StartsWith(r.Key + "/", StringComparison.Ordinal)).Select(r => r.Value).Single();
        return Regex.Replace(filled.Replace("{reference}", reference, StringComparison.Ordinal), "{[^}]+}", "1");
    }
}
