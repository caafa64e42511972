using Microsoft.Playwright;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.BrowserTests;

public class ReadingPerformanceTests
{
    private const string Incidents = """
        reference,created_at,grade,children_involved,district,arrived_at
        B-01,2023-01-15T10:00:00Z,priority,yes,North,2023-01-15T11:00:00Z
        B-02,2023-01-15T11:00:00Z,priority,yes,North,2023-01-15T12:00:01Z
        B-03,2023-03-26T00:50:00,priority,yes,South,2023-03-26T02:40:00
        B-04,2023-06-01T10:00:00Z,priority,yes,South,
        """;

    [Fact]
    public async Task Supervisor_SignsIn_ReadsThePerformancePage_AndDrillsIntoTheLateIncidents()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents)).ExitCode);
        // A supervisor reads the incidents behind the figure; an analyst sees their references only (docs/access.md).
        var (email, password) = await app.AddUserAsync(Roles.Supervisor);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.OpenPageAsync(browser);

        await page.GotoAsync(new Uri(app.BaseAddress, "/Performance?from=2023-01-01&to=2024-01-01").ToString());
        Assert.Contains("/Account/SignIn", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync("**/Performance?from=2023-01-01&to=2024-01-01");
        await Browser.AssertAccessibleAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Priority incidents involving children attended within 60 minutes" })).ToBeVisibleAsync();
        // Within: B-01 (exactly 60:00), B-03 (50 minutes across the spring change). Late: B-02. Not attended: B-04.
        await Assertions.Expect(page.Locator("#headline-percent")).ToHaveTextAsync("50.0%");
        await Assertions.Expect(page.Locator("#target-percent")).ToHaveTextAsync("75%");
        await Assertions.Expect(page.Locator("figure.sg-chart svg")).ToBeVisibleAsync();
        var months = page.GetByRole(AriaRole.Table, new() { Name = "Share attended within 60 minutes by month" });
        await Assertions.Expect(months.Locator("tbody tr")).ToHaveCountAsync(12);
        await Assertions.Expect(months.GetByRole(AriaRole.Row, new() { Name = "2023-01" })).ToContainTextAsync("50.0");
        var districts = page.GetByRole(AriaRole.Table, new() { Name = "Share attended within 60 minutes by district" });
        await Assertions.Expect(districts.GetByRole(AriaRole.Row, new() { Name = "South" })).ToContainTextAsync("50.0");
        await Assertions.Expect(districts.GetByRole(AriaRole.Link, new() { Name = "1 missed in South" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "safeguard-performance.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "1 late and 1 not attended" }).ClickAsync();
        var exceptions = page.Locator("#exceptions");
        await Assertions.Expect(exceptions.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(exceptions).ToContainTextAsync("B-02");
        await Assertions.Expect(exceptions).ToContainTextAsync("B-04");
        await Assertions.Expect(exceptions).ToContainTextAsync("Not attended");

        await page.GetByRole(AriaRole.Link, new() { Name = "B-02" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "B-02" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#clocks")).ToContainTextAsync("Done late"); // the one vocabulary: never "On time", never green
    }
}
