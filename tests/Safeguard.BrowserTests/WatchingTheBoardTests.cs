using System.Net.Http.Json;
using Microsoft.Playwright;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.BrowserTests;

public class WatchingTheBoardTests
{
    // A countdown, never overdue here: "9m 58s" or "1h 00m".
    private static readonly System.Text.RegularExpressions.Regex TimeLeft = new(@"^(overdue by )?(\d+ d( \d+ h)?|\d+ h( \d{2} min)?|\d+ min|\d+ s)( left)?$");

    [Fact]
    public async Task CallHandler_SeesIncidentsArriveAndLeave_WithoutReloading()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        var (email, password) = await app.AddUserAsync(Roles.CallHandler);
        using var commandAndControl = await app.CreateClientAsync(Roles.CommandAndControl);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.OpenPageAsync(browser);

        await page.GotoAsync(new Uri(app.BaseAddress, "/Board").ToString());
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Board");
        var board = page.Locator("#board-rows");
        await Assertions.Expect(board).ToContainTextAsync("No open incidents are awaiting attendance.");
        await Assertions.Expect(page.Locator("#board-live-tag")).ToHaveTextAsync("Live", new() { Timeout = 5000 });
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
        await Assertions.Expect(row.Locator(".sg-time-left")).ToHaveTextAsync(TimeLeft);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "safeguard-board.png"), FullPage = true });
        await Browser.AssertAccessibleAsync(page);

        var arrived = await commandAndControl.PostAsJsonAsync("/api/incidents/LIVE-1/events", new { kind = "arrived", at = app.Now.ToString() });
        Assert.True(arrived.IsSuccessStatusCode, await arrived.Content.ReadAsStringAsync());
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 5000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"), "the page reloaded");

        // A delayed incident prompts for a THRIVE reassessment; the call handler records one.
        var second = await commandAndControl.PostAsJsonAsync("/api/incidents",
            new { reference = "LIVE-2", createdAt = created, grade = "priority", childrenInvolved = true, district = "South" });
        Assert.True(second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync());
        var delayed = board.GetByRole(AriaRole.Row, new() { Name = "LIVE-2" });
        await Assertions.Expect(delayed.GetByRole(AriaRole.Link, new() { Name = "Tell the caller" })).ToBeVisibleAsync(new() { Timeout = 5000 });
        await delayed.GetByRole(AriaRole.Link, new() { Name = "Reassess risk (THRIVE)" }).ClickAsync();
        await page.GetByLabel("Threat").FillAsync("No weapons mentioned");
        await page.GetByLabel("Harm").FillAsync("Child frightened, not injured");
        await page.GetByLabel("Risk", new() { Exact = true }).FillAsync("Medium: mother present");
        await page.GetByLabel("Investigation").FillAsync("Neighbour is a witness");
        await page.GetByLabel("Vulnerability").FillAsync("Child aged 9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the reassessment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter a note on engagement");
        await Browser.AssertAccessibleAsync(page); // the incident page with its error summary
        await Assertions.Expect(page.GetByLabel("Threat")).ToHaveValueAsync("No weapons mentioned");
        await page.GetByLabel("Engagement").FillAsync("Mother answering calls");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the reassessment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The reassessment is recorded.");

        await page.GotoAsync(new Uri(app.BaseAddress, "/Board").ToString());
        var after = page.Locator("#board-rows").GetByRole(AriaRole.Row, new() { Name = "LIVE-2" });
        await Assertions.Expect(after.GetByRole(AriaRole.Link, new() { Name = "Reassess risk (THRIVE)" })).ToHaveCountAsync(0);
        await Assertions.Expect(after.GetByRole(AriaRole.Link, new() { Name = "Tell the caller" })).ToBeVisibleAsync();
        await Assertions.Expect(after).ToContainTextAsync("Reassessed");

        // An incident two seconds from its target falls overdue while the page is open: it is said aloud, and moves under "Overdue".
        var closeCall = await commandAndControl.PostAsJsonAsync("/api/incidents",
            new { reference = "LIVE-3", createdAt = (app.Now - NodaTime.Duration.FromMinutes(60) + NodaTime.Duration.FromSeconds(2)).ToString(), grade = "priority", childrenInvolved = true });
        Assert.True(closeCall.IsSuccessStatusCode, await closeCall.Content.ReadAsStringAsync());
        await Assertions.Expect(page.Locator("#board-rows tr[data-reference=LIVE-3]")).ToBeVisibleAsync(new() { Timeout = 5000 });
        app.AdvanceTime(NodaTime.Duration.FromSeconds(5)); // the server's clock, which the tests hold still, moves on too
        await Assertions.Expect(page.Locator("#board-announce")).ToHaveTextAsync("LIVE-3 is now overdue.", new() { Timeout = 10000 });
        await Assertions.Expect(page.Locator("#board-rows tr[data-group=Overdue] + tr")).ToHaveAttributeAsync("data-reference", "LIVE-3", new() { Timeout = 5000 });
    }

    [Fact]
    public async Task Coordinator_SeesAMissingChildAppearAndLeave_WithoutReloading()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        var (email, password) = await app.AddUserAsync(Roles.MissingCoordinator);
        using var control = await app.CreateClientAsync(Roles.CommandAndControl);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.OpenPageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, "/Missing").ToString());
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Missing");
        await Browser.AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator("#board-rows")).ToContainTextAsync("No child is recorded as missing.");
        await page.EvaluateAsync("window.__notReloaded = true");

        var reported = await control.PostAsJsonAsync("/api/missing", new { reference = "EP-LIVE", childReference = "CH-LIVE", reportedAt = app.Now.ToString(), risk = "high" });
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        var row = page.Locator("#board-rows").GetByRole(AriaRole.Row, new() { Name = "EP-LIVE" });
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 5000 });
        await Assertions.Expect(row).ToContainTextAsync("high");
        await Assertions.Expect(row.Locator(".sg-time-left")).ToHaveTextAsync(TimeLeft);

        var found = await control.PostAsJsonAsync("/api/missing/EP-LIVE/events", new { kind = "found", at = app.Now.ToString(), where = "Park", foundBy = "PC 7" });
        Assert.True(found.IsSuccessStatusCode, await found.Content.ReadAsStringAsync());
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 5000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__notReloaded === true"), "the page reloaded");
    }
}
