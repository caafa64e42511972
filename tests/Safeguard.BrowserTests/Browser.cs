using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Safeguard.BrowserTests;

/// <summary>Debian's Chromium, driven by Playwright; Playwright never downloads a browser here.</summary>
public static class Browser
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("SAFEGUARD_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"CI=true but Chromium is not at {path}.");
            Assert.Skip($"Chromium is not installed at {path}; scripts/test.sh installs it.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// A new page that notes every breach of the content security policy (a script or style the policy blocked), which
    /// <see cref="AssertAccessibleAsync"/> then finds.
    /// </summary>
    public static async Task<IPage> OpenPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync("window.sgBlocked = []; document.addEventListener('securitypolicyviolation', e => window.sgBlocked.push(e.violatedDirective + ' ' + e.blockedURI));");
        return page;
    }

    /// <summary>
    /// Fails if the content security policy blocked anything on the page, then runs axe-core (WCAG 2.x A and AA rules) on
    /// the page as it stands and fails listing every violation.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var blocked = await page.EvaluateAsync<string[]>("window.sgBlocked || []");
        Assert.True(blocked.Length == 0, "the content security policy blocked: " + string.Join("; ", blocked));
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
