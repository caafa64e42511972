using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Safeguard.App.Access;
using Safeguard.Web.Hosting;
using Safeguard.Web.Tests.Infrastructure;

namespace Safeguard.Web.Tests;

/// <summary>
/// The pages wear the force's own brand on GOV.UK Frontend — its name, colour, font and logo from configuration — and
/// never GOV.UK's header, crown or GDS Transport font; the menu is each role's, from one table, with the current part
/// marked, and offers no link its reader is refused.
/// </summary>
public partial class WearingTheForcesBrandTests
{
    [Fact]
    public async Task Pages_WearTheConfiguredBrand_AndNothingReservedForGovUk()
    {
        var logoFile = Path.Combine(Path.GetTempPath(), $"force-logo-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(logoFile, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["Brand:ServiceName"] = "Child Guard",
            ["Brand:Colour"] = "#4b0f5c",
            ["Brand:FontFamily"] = "verdana, sans-serif",
            ["Inspection:Force"] = "Northshire Police",
            ["Brand:Logo"] = logoFile,
        });
        using var anonymous = app.CreateAnonymousClient();
        var signIn = await anonymous.GetStringAsync("/Account/SignIn");
        Assert.Contains("– Child Guard</title>", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("govuk-header", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("crown", signIn, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("govuk-generic-header", signIn, StringComparison.Ordinal);
        Assert.Contains("<span>Northshire Police</span>", signIn, StringComparison.Ordinal);

        var brandCss = Stylesheet().Match(signIn).Groups["href"].Value;
        Assert.StartsWith("/brand.css?v=", brandCss, StringComparison.Ordinal);
        var brand = await anonymous.GetStringAsync(brandCss);
        Assert.Contains("--sg-brand-colour:#4b0f5c", brand, StringComparison.Ordinal);
        Assert.Contains("--sg-font-family:verdana, sans-serif", brand, StringComparison.Ordinal);
        // On paper the marking heads and foots every sheet, which is numbered; the page says who printed it and when.
        Assert.Contains("@top-center{content:\"OFFICIAL-SENSITIVE\"", brand, StringComparison.Ordinal);
        Assert.Contains("@bottom-center{content:\"OFFICIAL-SENSITIVE\" \"  ·  page \" counter(page)", brand, StringComparison.Ordinal);
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        var performance = WebUtility.HtmlDecode(await analyst.GetStringAsync("/Performance"));
        Assert.Matches("id=\"printed\">Northshire Police · Child Guard · printed [0-9]+ [A-Z][a-z]{2} 20[0-9]{2} [0-9:]{5} by analyst-[0-9a-f]+@", performance);
        Assert.Contains("<div class=\"sg-marking\" role=\"region\" aria-label=\"Protective marking\"><span class=\"govuk-visually-hidden\">Protective marking: </span>OFFICIAL-SENSITIVE</div>", performance, StringComparison.Ordinal);

        // GOV.UK Frontend is compiled with the font read from the brand, and without GOV.UK's font or its files.
        var frontEnd = await anonymous.GetStringAsync("/lib/safeguard.css");
        Assert.Contains("font-family:var(--sg-font-family", frontEnd, StringComparison.Ordinal);
        Assert.DoesNotContain("GDS Transport", frontEnd, StringComparison.Ordinal);
        Assert.DoesNotContain("@font-face", frontEnd, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(WebRoot, "assets")), "GOV.UK's fonts and crest are copied into the site");

        // A configured logo is served from its file; without one, Safeguard's shield.
        using var logo = await anonymous.GetAsync(LogoLink().Match(signIn).Groups["href"].Value);
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(logoFile), await logo.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("default-src 'none'", logo.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(BrandOptions.DefaultLogo, BrandOptions.Read(Settings(), "OFFICIAL-SENSITIVE").LogoPath);
        using var shield = await anonymous.GetAsync(BrandOptions.DefaultLogo);
        Assert.Equal("image/svg+xml", shield.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("#ffcc00", "too light")]
    [InlineData("blue", "#rrggbb")]
    public void ABrandColour_WhiteTextCannotBeReadOn_OrNotAColour_IsRefused(string colour, string said)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrandOptions.Read(Settings(("Brand:Colour", colour)), "OFFICIAL-SENSITIVE"));
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Contains("Brand:Colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GovUksFont_AMissingLogo_OrALogoThatIsNoImage_AreRefused()
    {
        Assert.Contains("reserved", Assert.Throws<InvalidOperationException>(() =>
            BrandOptions.Read(Settings(("Brand:FontFamily", "GDS Transport, arial")), "OFFICIAL-SENSITIVE")).Message, StringComparison.Ordinal);
        // A quote could open a string that swallows the rest of /brand.css, and a line break another rule.
        Assert.Contains("without quotes", Assert.Throws<InvalidOperationException>(() =>
            BrandOptions.Read(Settings(("Brand:FontFamily", "arial\"")), "OFFICIAL-SENSITIVE")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => BrandOptions.Read(Settings(("Brand:Colour", "#1d3557\n")), "OFFICIAL-SENSITIVE"));
        Assert.Contains("not there", Assert.Throws<InvalidOperationException>(() =>
            BrandOptions.Read(Settings(("Brand:Logo", "/nowhere/logo.svg")), "OFFICIAL-SENSITIVE")).Message, StringComparison.Ordinal);
        Assert.Contains(".svg or .png", Assert.Throws<InvalidOperationException>(() =>
            BrandOptions.Read(Settings(("Brand:Logo", "/etc/passwd")), "OFFICIAL-SENSITIVE")).Message, StringComparison.Ordinal);
        // The default passes the contrast it asks of others (WCAG AA for white text).
        Assert.True(BrandOptions.ContrastWithWhite(new BrandOptions().Colour) >= BrandOptions.MinimumContrast);
        Assert.Equal(21, BrandOptions.ContrastWithWhite("#000000"), 1);
    }

    [Theory]
    [InlineData(Roles.ResponseOfficer)]
    [InlineData(Roles.Inspector)]
    [InlineData(Roles.PartnerAgency)]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.CallHandler)]
    [InlineData(Roles.MissingCoordinator)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Administrator)]
    public async Task EveryRolesMenu_OffersOnlyWhatItMayOpen_AndMarksWhereItIs(string role)
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var client = await app.CreateSignedInClientAsync(role);
        var home = await client.GetStringAsync("/");
        var links = MenuLink().Matches(Menu(home)).Select(m => m.Groups["href"].Value).ToList();
        Assert.Contains("/", links);
        Assert.Contains("/Notifications", links);
        foreach (var href in links)
        {
            using var page = await client.GetAsync(href);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{role}'s menu offers {href}, which answers {(int)page.StatusCode}");
            // Opened, that part is the one the menu marks as current, and no other.
            var current = CurrentLink().Matches(Menu(await page.Content.ReadAsStringAsync())).Select(m => m.Groups["href"].Value).ToList();
            Assert.Equal([href], current);
        }
        // A response officer, who may submit a notice but not read the list, has it in the menu.
        Assert.Equal(role == Roles.ResponseOfficer, links.Contains("/Notices/New"));
    }

    [Fact]
    public async Task OnAPhone_TablesScrollInTheirOwnNamedRegion_AndTheChartScalesToTheScreen()
    {
        await using var app = await SafeguardApp.StartAsync(Provider.Sqlite);
        using var supervisor = await app.CreateSignedInClientAsync(Roles.Supervisor);
        var board = await supervisor.GetStringAsync("/Board");
        Assert.Contains("<div class=\"sg-table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"board-caption\"><table class=\"govuk-table\" id=\"board\">", board, StringComparison.Ordinal);
        Assert.Contains("<caption class=\"govuk-visually-hidden\" id=\"board-caption\">", board, StringComparison.Ordinal);
        // A table the page already put in a region is not wrapped twice.
        using var analyst = await app.CreateSignedInClientAsync(Roles.Analyst);
        var performance = await analyst.GetStringAsync("/Performance");
        Assert.DoesNotContain("<div class=\"sg-table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"clocks-caption\"><div", performance, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(performance, "aria-labelledby=\"clocks-caption\""));
        Assert.Matches("<svg viewBox=\"0 0 [0-9]+ [0-9]+\" ", Safeguard.App.Reporting.TrendChart.Svg([("2024-01", 50.0)], "share", 75));
    }

    private static string Menu(string html) => html[html.IndexOf("id=\"navigation\"", StringComparison.Ordinal)..html.IndexOf("</nav>", StringComparison.Ordinal)];

    private static string WebRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (!Directory.Exists(Path.Combine(directory.FullName, "src", "Safeguard.Web"))) directory = directory.Parent!;
            return Path.Combine(directory.FullName, "src", "Safeguard.Web", "wwwroot");
        }
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [GeneratedRegex("""<link rel="stylesheet" href="(?<href>/brand\.css[^"]*)">""")]
    private static partial Regex Stylesheet();

    [GeneratedRegex("""<link rel="icon" href="(?<href>[^"]+)">""")]
    private static partial Regex LogoLink();

    [GeneratedRegex("class=\"govuk-service-navigation__link\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex MenuLink();

    [GeneratedRegex("class=\"govuk-service-navigation__link\" href=\"(?<href>[^\"]+)\"[^>]*aria-current=\"page\"")]
    private static partial Regex CurrentLink();
}
