using Microsoft.Playwright;
using Safeguard.App.Access;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.BrowserTests;

/// <summary>
/// A supervisor draws a case-file audit sample and audits a case with the keyboard alone, on a phone-sized screen; an
/// inspector moderates it; the printable inspection pack loads with nothing blocked by the content security policy.
/// </summary>
public class AuditingACaseTests
{
    private const string Incidents = """
        reference,created_at,grade,children_involved,district,arrived_at
        K-01,2024-01-10T10:00:00Z,priority,yes,North,2024-01-10T10:20:00Z
        K-02,2024-01-11T10:00:00Z,priority,yes,South,2024-01-11T12:00:00Z
        K-03,2024-01-12T10:00:00Z,priority,yes,South,
        """;

    private static async Task SignInAsync(IPage page, SafeguardApp app, string role, string path)
    {
        var (email, password) = await app.AddUserAsync(role);
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**" + path);
    }

    [Fact]
    public async Task Supervisor_DrawsAndAuditsACase_ByKeyboard_OnAPhone_AndAnInspectorModeratesIt()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, now: NodaTime.Instant.FromUtc(2024, 2, 20, 12, 0), kestrel: true);
        Assert.Equal(0, (await app.ImportIncidentsAsync(Incidents)).ExitCode);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await Browser.OpenPageAsync(browser);
        await page.SetViewportSizeAsync(390, 844);
        await SignInAsync(page, app, Roles.Supervisor, "/Inspection/Audits");

        // The draw form, field by field with the keyboard.
        await page.GetByLabel("First day the cases began").FocusAsync();
        await page.Keyboard.TypeAsync("2024-01-01");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("2024-02-01");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("2");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("2021");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/Inspection/Audits/Sample?id=1");
        await Browser.AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator("#cases tbody tr")).ToHaveCountAsync(2);
        var wide = await page.EvaluateAsync<string>("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ':' + (e.textContent || '').slice(0, 40)).join(' | ')");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "the sample fits a phone's width: " + wide);

        await page.GetByRole(AriaRole.Link, new() { Name = "To audit (case 1)" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/Inspection/Audits/Case?id=1");
        await Browser.AssertAccessibleAsync(page);

        // Submitting nothing: every question is asked for at once, in the page's words, and the summary links to each.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the audit" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^Error: "));
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Select a rating for risk assessment");
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Select a grade for the case");
        await Browser.AssertAccessibleAsync(page);

        // Each question: a radio group (Space picks its first answer, "Met"), then its evidence. Then the grade and reasons.
        await page.Locator("#rating-initial-response").FocusAsync();
        for (var question = 0; question < 6; question++)
        {
            await page.Keyboard.PressAsync("Space");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync($"Evidence {question + 1} (synthetic)");
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("ArrowDown"); // good → requires improvement
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("The child was not seen for a day (synthetic)");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("The audit is saved.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("requires improvement: The child was not seen for a day (synthetic)");
        await Assertions.Expect(page.Locator("#answers")).ToContainTextAsync("Evidence 6 (synthetic)");
        await Browser.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "safeguard-case-audit-390.png"), FullPage = true });

        var inspector = await Browser.OpenPageAsync(browser);
        await SignInAsync(inspector, app, Roles.Inspector, "/Inspection/Audits/Case?id=1");
        await inspector.Locator("#moderated-grade").FocusAsync();
        await inspector.Keyboard.PressAsync("Space");
        await inspector.Keyboard.PressAsync("Tab");
        await inspector.Keyboard.TypeAsync("Better than graded: the child was seen the next morning (synthetic)");
        await inspector.Keyboard.PressAsync("Tab");
        await inspector.Keyboard.PressAsync("Enter");
        await Assertions.Expect(inspector.GetByText("The moderation is saved.")).ToBeVisibleAsync();
        await Assertions.Expect(inspector.Locator("#status")).ToContainTextAsync("good, moderated");

        await inspector.GotoAsync(new Uri(app.BaseAddress, "/Inspection/Pack/Print?from=2024-01-01&to=2024-02-01").ToString());
        await Assertions.Expect(inspector.GetByRole(AriaRole.Heading, new() { Name = "Child protection inspection pack", Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(inspector.Locator("body")).ToContainTextAsync("1 case: 1 good, 0 requires improvement, 0 inadequate");
        await Browser.AssertAccessibleAsync(inspector);
        Assert.Equal("rgb(11, 12, 12)", await inspector.EvaluateAsync<string>("getComputedStyle(document.body).color")); // the pack's own style applied
    }
}
