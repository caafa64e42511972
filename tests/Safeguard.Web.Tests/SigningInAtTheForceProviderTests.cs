using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// A force that signs its people in at its own identity provider (OpenID Connect): the provider here is a real one on a
/// loopback port (<see cref="LocalIdentityProvider"/>), the application talks to it as it would to the force's, and the
/// person's browser is a cookie-keeping client that follows each redirect by hand.
/// </summary>
public class SigningInAtTheForceProviderTests
{
    private static readonly (string, string)[] RoleMap = [("SG-Supervisors", Roles.Supervisor), ("SG-Analysts", Roles.Analyst), ("SG-MASH", Roles.MashPractitioner)];

    /// <summary>The provider's tokens carry real times, so the application's clock starts at the real time too.</summary>
    private static Instant RealNow => Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow());

    private static async Task<(SafeguardApp App, LocalIdentityProvider Provider)> StartAsync(Dictionary<string, string?>? more = null)
    {
        var provider = await LocalIdentityProvider.StartAsync();
        var settings = provider.Settings(RoleMap);
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return (await SafeguardApp.StartAsync(Provider.Sqlite, now: RealNow, settings: settings), provider);
    }

    /// <summary>The anti-forgery token of the "Sign in with …" button's own form, as a browser would post it.</summary>
    private static string ButtonsToken(string page)
    {
        var form = page.IndexOf("action=\"/Account/External\"", StringComparison.Ordinal);
        Assert.True(form >= 0, "The sign-in page has no form for the identity provider.");
        return SafeguardApp.AntiforgeryToken(page[form..page.IndexOf("</form>", form, StringComparison.Ordinal)]);
    }

    /// <summary>Presses "Sign in with …" and follows the redirects through the provider and back; returns where the application sends the person at the end.</summary>
    private static async Task<HttpResponseMessage> SignInAtProviderAsync(HttpClient browser, string returnUrl = "/Notices")
    {
        var page = await browser.GetStringAsync("/Account/SignIn");
        Assert.Contains("Sign in with your Test Constabulary account", page, StringComparison.Ordinal);
        var challenge = await browser.PostAsync("/Account/External", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = ButtonsToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorised = await atProvider.GetAsync(challenge.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, authorised.StatusCode);
        var response = await browser.GetAsync(authorised.Headers.Location!.PathAndQuery);
        for (var hops = 0; hops < 3 && response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/Account/External", StringComparison.Ordinal); hops++)
            response = await browser.GetAsync(response.Headers.Location);
        return response;
    }

    [Fact]
    public async Task APersonSignedInAtTheForceProvider_HasTheRoleItsClaimGives_AndTheSameSessionAsAnyone()
    {
        var (app, provider) = await StartAsync(new() { ["Accounts:RequireTwoFactor"] = "true" });
        await using var _ = app;
        await using var __ = provider;
        provider.Next = new ProviderPerson("sub-1001", "j.smith@force.invalid", ["Everyone", "SG-MASH"], ["pwd", "mfa"]);
        var browser = app.CreateAnonymousClient();

        var landed = await SignInAtProviderAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/Notices", landed.Headers.Location?.OriginalString);
        // The provider's second factor counts: the MASH practitioner works at once, with their role's pages and nobody else's.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Mash")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Admin/Users")).StatusCode);
        var account = (await app.WithServices(sp => sp.GetRequiredService<Users>().ListAsync())).Single(u => u.Email == "j.smith@force.invalid");
        Assert.Equal(Roles.MashPractitioner, account.Role);

        // Their session is the server's like anyone's: signed out, the copied cookie opens nothing.
        var page = await browser.GetStringAsync("/Account/SignOut");
        var signedOut = await browser.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SafeguardApp.AntiforgeryToken(page) }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Mash")).StatusCode);

        // At the next sign-in the provider says they have moved to analysis: the same account, now the analyst's.
        provider.Next = provider.Next with { Roles = ["SG-Analysts"] };
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAtProviderAsync(browser, "/Performance")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Performance")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Mash")).StatusCode);
        var users = await app.WithServices(sp => sp.GetRequiredService<Users>().ListAsync());
        Assert.Equal(Roles.Analyst, Assert.Single(users, u => u.Email == "j.smith@force.invalid").Role);
    }

    [Fact]
    public async Task APersonWithNoSafeguardRole_OrTwo_OrADisabledAccount_IsToldSo_AndNotSignedIn()
    {
        var (app, provider) = await StartAsync();
        await using var _ = app;
        await using var __ = provider;
        var browser = app.CreateAnonymousClient();

        provider.Next = new ProviderPerson("sub-2001", "no.role@force.invalid", ["Everyone"], ["pwd"]);
        var none = await SignInAtProviderAsync(browser);
        Assert.Contains("Your force account has no Safeguard role", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Notices")).StatusCode);

        provider.Next = provider.Next with { Roles = ["SG-Supervisors", "SG-Analysts"] };
        var two = await SignInAtProviderAsync(browser);
        Assert.Contains("more than one Safeguard role", await two.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Performance")).StatusCode);
        Assert.DoesNotContain(await app.WithServices(sp => sp.GetRequiredService<Users>().ListAsync()), u => u.Email == "no.role@force.invalid");

        // A leaver disabled in Safeguard stays out, whatever the provider still says.
        provider.Next = new ProviderPerson("sub-2002", "leaver@force.invalid", ["SG-Supervisors"], ["pwd"]);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAtProviderAsync(browser)).StatusCode);
        await app.WithServices(async sp =>
        {
            await sp.GetRequiredService<Users>().DisableAsync("leaver@force.invalid");
            return true;
        });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Notices")).StatusCode);
        var disabled = await SignInAtProviderAsync(browser);
        Assert.Contains("This account is disabled", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Notices")).StatusCode);
    }

    [Fact]
    public async Task WithoutTheProvidersSecondFactor_SafeguardsOwnIsAsked_AndALocalAccountIsJoinedOnlyWhenTheProviderVouchesForTheEmail()
    {
        var (app, provider) = await StartAsync(new() { ["Accounts:RequireTwoFactor"] = "true" });
        await using var _ = app;
        await using var __ = provider;
        var (email, password) = await app.AddUserAsync(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.Redirect, (await SafeguardApp.SignInAsync(app.CreateAnonymousClient(), email, password)).StatusCode);
        var browser = app.CreateAnonymousClient();

        // The provider does not vouch for the address: neither the existing account nor a new one is had by whoever claims it.
        provider.Next = new ProviderPerson("sub-3001", email, ["SG-Supervisors"], ["pwd"], EmailVerified: false);
        var refused = await SignInAtProviderAsync(browser);
        Assert.Contains("email address is not verified", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        provider.Next = new ProviderPerson("sub-3002", "colleague@force.invalid", ["SG-Supervisors"], ["pwd"], EmailVerified: false);
        Assert.Contains("email address is not verified", await (await SignInAtProviderAsync(browser)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await app.WithServices(sp => sp.GetRequiredService<Users>().ListAsync()), u => u.Email == "colleague@force.invalid");
        provider.Next = new ProviderPerson("sub-3001", email, ["SG-Supervisors"], ["pwd"], EmailVerified: false);

        // It does: the account is joined, and without a second factor at the provider the person sets up Safeguard's own.
        provider.Next = provider.Next with { EmailVerified = true };
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAtProviderAsync(browser)).StatusCode);
        var anyPage = await browser.GetAsync("/Notices");
        Assert.Equal("/Account/SetUpTwoFactor", anyPage.Headers.Location?.OriginalString);
        Assert.Single(await app.WithServices(sp => sp.GetRequiredService<Users>().ListAsync()), u => u.Email == email);
        // Joined, the account signs in at the provider only: its old password opens nothing.
        var withPassword = await SafeguardApp.SignInAsync(app.CreateAnonymousClient(), email, password);
        Assert.NotEqual(HttpStatusCode.Redirect, withPassword.StatusCode);
    }

    [Fact]
    public async Task AForgedToken_AnAnswerReplayed_OrAStateNotOurs_SignsNobodyIn()
    {
        var (app, provider) = await StartAsync();
        await using var _ = app;
        await using var __ = provider;
        provider.Next = new ProviderPerson("sub-4001", "someone@force.invalid", ["SG-Supervisors"], ["pwd", "mfa"]);

        // A token signed with a key the provider does not publish.
        provider.SignWithAnotherKey = true;
        var browser = app.CreateAnonymousClient();
        var forged = await SignInAtProviderAsync(browser);
        Assert.Contains("did not work", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Notices")).StatusCode);
        provider.SignWithAnotherKey = false;

        // The provider's answer taken to another browser (no correlation cookie), or used a second time, is refused.
        var page = await browser.GetStringAsync("/Account/SignIn");
        var challenge = await browser.PostAsync("/Account/External", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/",
            ["__RequestVerificationToken"] = ButtonsToken(page),
        }));
        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = (await atProvider.GetAsync(challenge.Headers.Location)).Headers.Location!.PathAndQuery;
        var elsewhere = app.CreateAnonymousClient();
        var stolen = await elsewhere.GetAsync(answer);
        Assert.Equal("/Account/External?handler=Failed", stolen.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/Notices")).StatusCode);
        var mine = await browser.GetAsync(answer);
        Assert.Contains("handler=Callback", mine.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(mine.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Notices")).StatusCode);
        var again = app.CreateAnonymousClient();
        Assert.Equal("/Account/External?handler=Failed", (await again.GetAsync(answer)).Headers.Location?.OriginalString);
    }

    [Fact]
    public void SettingsThatCannotWork_AreRefusedAtStart()
    {
        ForceIdentityProviderOptions With(string authority, bool https = true, params (string, string)[] roles) => new()
        {
            Authority = authority,
            ClientId = "safeguard",
            RequireHttpsMetadata = https,
            Roles = roles.ToDictionary(r => r.Item1, r => r.Item2),
        };
        Assert.Null(With("https://login.force.invalid/", true, ("SG", Roles.Supervisor)).Problem());
        Assert.Contains("https", With("http://login.force.invalid/", false, ("SG", Roles.Supervisor)).Problem(), StringComparison.Ordinal);
        Assert.Contains("https", With("http://127.0.0.1:5000/", true, ("SG", Roles.Supervisor)).Problem(), StringComparison.Ordinal);
        Assert.Null(With("http://127.0.0.1:5000/", false, ("SG", Roles.Supervisor)).Problem());
        Assert.Contains("not a force role", With("https://login.force.invalid/", true, ("SG-Partners", Roles.PartnerAgency)).Problem(), StringComparison.Ordinal);
        Assert.Contains("not a force role", With("https://login.force.invalid/", true, ("SG-Keys", Roles.CommandAndControl)).Problem(), StringComparison.Ordinal);
        Assert.Contains("maps no provider role", With("https://login.force.invalid/").Problem(), StringComparison.Ordinal);
        Assert.Null(new ForceIdentityProviderOptions().Problem());
    }
}
