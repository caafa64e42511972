using System.Net;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

public class SigningInTests
{
    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        SafeguardApp.SignInAsync(client, email, password, "/Performance");

    [Fact]
    public async Task FirstAdministrator_IsCreatedFromTheCommandLine_AndCanSignIn()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var added = await app.RunCliAsync("users", "add", "--email", "admin@force.invalid", "--role", Roles.Administrator);
        Assert.Equal(0, added.ExitCode);
        var password = added.Out.Split("password (shown once): ")[1].Trim();

        using var client = app.CreateAnonymousClient();
        var signedIn = await SignInAsync(client, "admin@force.invalid", password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Performance", signedIn.Headers.Location?.OriginalString);
        var page = await client.GetAsync("/Performance");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Priority incidents involving children attended within 60 minutes", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_IsRefused_WithoutSayingWhichPartWasWrong()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var (email, _) = await app.AddUserAsync(Roles.Analyst);
        using var client = app.CreateAnonymousClient();
        var response = await SignInAsync(client, email, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The email address or password is not right", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Performance")).StatusCode);
    }

    [Fact]
    public async Task ProductionSignInPage_ShowsNoDemoAccount()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var client = app.CreateAnonymousClient();
        var html = await client.GetStringAsync("/Account/SignIn");
        Assert.DoesNotContain("demo", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UsersAdd_RefusesAnUnknownRole_AndAWeakPassword()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        Assert.NotEqual(0, (await app.RunCliAsync("users", "add", "--email", "a@force.invalid", "--role", "superuser")).ExitCode);
        var weak = await app.RunCliAsync(["users", "add", "--email", "b@force.invalid", "--role", Roles.Analyst, "--password-stdin"], terminal: false, input: "short\n");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Error, StringComparison.Ordinal);
        var chosen = await app.RunCliAsync(["users", "add", "--email", "c@force.invalid", "--role", Roles.Analyst, "--password-stdin"], terminal: false, input: "Long-enough-pass-1\n");
        Assert.Equal(0, chosen.ExitCode);
        Assert.DoesNotContain("password", chosen.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerAgencyUser_CannotOpenThePerformancePage()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        var (email, password) = await app.AddUserAsync(Roles.PartnerAgency);
        using var client = app.CreateAnonymousClient();
        await SignInAsync(client, email, password);
        var page = await client.GetAsync("/Performance");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
