using System.Text.Encodings.Web;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Safeguard.App.Inspection;

/// <summary>
/// Prints the pack's page (<see cref="PackDocument"/>) to PDF through headless Chromium (PuppeteerSharp over the
/// DevTools protocol, scripts off, nothing fetched): A4, the protective marking at the top and bottom of every page, with
/// the page number and count.
/// </summary>
public static class PackPdf
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>One Chromium at a time per instance: each is a few hundred megabytes and a core while it prints.</summary>
    private static readonly SemaphoreSlim Printing = new(1, 1);

    /// <summary>How long one print may take before it is abandoned.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<byte[]> PrintAsync(string html, string marking, string chromium, CancellationToken ct = default)
    {
        if (!File.Exists(chromium)) throw new RuleException($"The PDF needs Chromium, which is not at {chromium} (setting Inspection:Chromium).", isConflict: false);
        await Printing.WaitAsync(ct);
        try
        {
            return await PrintOneAsync(html, marking, chromium, ct).WaitAsync(Timeout, ct);
        }
        finally
        {
            Printing.Release();
        }
    }

    private static async Task<byte[]> PrintOneAsync(string html, string marking, string chromium, CancellationToken ct)
    {
        var options = new LaunchOptions { Headless = true, ExecutablePath = chromium, Args = ChromiumArgs, Timeout = (int)Timeout.TotalMilliseconds };
        await using var browser = await Puppeteer.LaunchAsync(options);
        await using var page = await browser.NewPageAsync();
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetRequestInterceptionAsync(true);
        // The page is whole in itself: anything it might ask for (nothing, by construction) is refused.
        page.Request += async (_, e) => await e.Request.AbortAsync();
        ct.ThrowIfCancellationRequested();
        await page.SetContentAsync(html, new SetContentOptions { Timeout = (int)Timeout.TotalMilliseconds });
        ct.ThrowIfCancellationRequested();
        var mark = HtmlEncoder.Default.Encode(marking);
        return await page.PdfDataAsync(new PdfOptions
        {
            Format = PaperFormat.A4,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = $"<div style=\"font-size:8pt;width:100%;text-align:center;font-weight:bold\">{mark}</div>",
            FooterTemplate = $"<div style=\"font-size:8pt;width:100%;text-align:center\"><b>{mark}</b> · page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></div>",
            MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "12mm", Right = "12mm" },
        });
    }
}
