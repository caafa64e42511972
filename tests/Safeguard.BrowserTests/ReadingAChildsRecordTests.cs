using System.Net.Http.Json;
using Microsoft.Playwright;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.BrowserTests;

public class ReadingAChildsRecordTests
{
    [Fact]
    public async Task MashPractitioner_ReviewsFromTheQueue_AndReadsTheChildsChronologyInOrder()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, kestrel: true);
        var (email, password) = await app.AddUserAsync(Roles.MashPractitioner);
        using var cc = await app.CreateClientAsync(Roles.CommandAndControl);
        using var officer = await app.CreateClientAsync(Roles.ResponseOfficer);
        var t = app.Now;
        async Task SendAsync(HttpClient client, HttpMethod method, string url, object body)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        await SendAsync(cc, HttpMethod.Post, "/api/incidents",
            new { reference = "INC-CHR", createdAt = (t - Duration.FromHours(6)).ToString(), grade = "priority", childrenInvolved = true, district = "North" });
        await SendAsync(officer, HttpMethod.Put, "/api/children/C-CHR",
            new { name = "Robin Example (synthetic)", dateOfBirth = "2013-09-09", school = "Riverside School", childProtectionPlan = true });
        await SendAsync(officer, HttpMethod.Post, "/api/notices", new
        {
            reference = "PPN-CHR",
            childReference = "C-CHR",
            incidentReference = "INC-CHR",
            type = "domestic_abuse",
            officerRisk = "medium",
            occurredAt = (t - Duration.FromHours(6)).ToString(),
            narrative = "Shouting and a broken door (synthetic)",
        });

        app.AdvanceTime(Duration.FromMinutes(20)); // the MASH picks it up twenty minutes later
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.OpenPageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, "/Mash").ToString());
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Mash");
        await Browser.AssertAccessibleAsync(page);

        await page.Locator("#board-rows").GetByRole(AriaRole.Link, new() { Name = "PPN-CHR" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "PPN-CHR" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        // Keyboard only: choose amber and a decision, type the rationale, tick the agency from the list, submit with Enter.
        await page.GetByLabel("amber").CheckAsync();
        await page.GetByLabel("Rationale").FillAsync("Repeat incident at the address (synthetic)");
        await page.GetByLabel("Early help").CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Agencies to share with" }).GetByLabel("Children's social care").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The review is recorded.");
        await Assertions.Expect(page.Locator("#review")).ToContainTextAsync("Repeat incident at the address (synthetic)");

        // The agency the review named is already chosen in the sharing form.
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Agency", Exact = true }).GetByLabel("Children's social care")).ToBeCheckedAsync();
        await page.GetByLabel("What was shared", new() { Exact = true }).FillAsync("The notice and the review (synthetic)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the sharing" }).ClickAsync();
        await Assertions.Expect(page.Locator("#shares")).ToContainTextAsync("Children's social care");

        app.AdvanceTime(Duration.FromMinutes(40)); // and the officer sees the child forty minutes after that
        await page.GetByRole(AriaRole.Link, new() { Name = "C-CHR", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robin Example (synthetic)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#flags")).ToContainTextAsync("Child protection plan");
        await Assertions.Expect(page.Locator("#open")).ToContainTextAsync("Child seen and spoken to");

        // Record the contact that saw the child: the child-seen clock leaves "still owed".
        await page.GetByText("Record a contact with the child").ClickAsync();
        await page.GetByLabel("Incident reference, if the contact was about one").FillAsync("INC-CHR");
        await page.Locator("#seen-yes").CheckAsync();
        await page.GetByLabel("If seen: by whom").FillAsync("PC 4471");
        await page.Locator("#alone-yes").CheckAsync();
        await page.GetByLabel("What the child said, in their words where you can").FillAsync("I want it to stop (synthetic)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the contact" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The contact is recorded.");
        await Assertions.Expect(page.Locator("#contacts")).ToContainTextAsync("I want it to stop (synthetic)");
        await Assertions.Expect(page.Locator("#open")).Not.ToContainTextAsync("Child seen and spoken to");

        await Browser.AssertAccessibleAsync(page);
        var rows = await page.Locator("#chronology tbody tr").AllInnerTextsAsync();
        int Index(string what) => rows.ToList().FindIndex(r => r.Contains(what, StringComparison.Ordinal));
        Assert.True(Index("Incident created") >= 0, string.Join("\n", rows));
        Assert.True(Index("Incident created") <= Index("Concern arose"), string.Join("\n", rows));
        Assert.True(Index("Notice submitted") < Index("Reviewed in the MASH: amber"), string.Join("\n", rows));
        Assert.True(Index("Reviewed in the MASH: amber") < Index("Shared with Children's social care"), string.Join("\n", rows));
        Assert.True(Index("Child seen by PC 4471, spoken to alone") > Index("Notice submitted"), string.Join("\n", rows));
        Assert.True(Index("Child seen and spoken to: done in time") >= 0, string.Join("\n", rows));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "safeguard-child.png"), FullPage = true });
    }
}
