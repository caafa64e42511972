using System.Net.Http.Json;
using Microsoft.Playwright;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.BrowserTests;

public class WatchingTheBoardTests
{
    [Fact]
    public async Task CallHandler_SeesIncidentsArriveAndLeave_WithoutReloading()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        var (email, password) = await app.AddUserAsync(Roles.CallHandler);
        using var commandAndControl = await app.CreateClientAsync(Roles.CommandAndControl);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(app.BaseAddress, "/Board").ToString());
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Board");
        var board = page.Locator("#board-rows");
        await Assertions.Expect(board).ToContainTextAsync("No open incidents are awaiting attendance.");
        await page.EvaluateAsync("window.__notReloaded = true");

        // Created 50 minutes ago: a priority clock in its warning period, 10 minutes left.
        var created = (app.Now - NodaTime.Duration.FromMinutes(50)).ToString();
        var response = await commandAndControl.PostAsJsonAsync("/api/incidents",
            new { reference = "LIVE-1", createdAt = created, grade = "priority", childrenInvolved = true, district = "North" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var row = board.GetByRole(AriaRole.Row, new() { Name = "LIVE-1" });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Assertions.Expect(row).ToContainTextAsync("Due soon");
        await Assertions.Expect(row).ToContainTextAsync("Children");
        await Assertions.Expect(row.Locator(".sg-time-left")).ToContainTextAsync("m");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "safeguard-board.png"), FullPage = true });

        var arrived = await commandAndControl.PostAsJsonAsync("/api/incidents/LIVE-1/events", new { kind = "arrived", at = app.Now.ToString() });
        Assert.True(arrived.IsSuccessStatusCode, await arrived.Content.ReadAsStringAsync());
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 5000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"), "the page reloaded");
    }
}
