using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Safeguard.Web.Hosting;

/// <summary>
/// Configuration section <c>Brand</c>: the force's own look on GOV.UK Frontend's components — the service's name, the
/// header colour, the font and the logo. GOV.UK's header, crown and GDS Transport font are reserved for GOV.UK services,
/// so none of them is used; the stylesheet reads the colour and font from the custom properties of <see cref="Css"/>.
/// </summary>
public sealed partial class BrandOptions
{
    public string ServiceName { get; set; } = "Safeguard";

    /// <summary>The header's colour, #rrggbb; white text on it must have a contrast of at least 4.5:1 (WCAG 2.1 AA).</summary>
    public string Colour { get; set; } = "#1d3557";

    /// <summary>A CSS font list, for example <c>arial, sans-serif</c> (GOV.UK's own font is refused).</summary>
    public string FontFamily { get; set; } = "arial, sans-serif";

    /// <summary>An SVG or PNG file for the header and the browser tab; empty for Safeguard's own shield (a static file).</summary>
    public string? Logo { get; set; }

    /// <summary>The custom properties the compiled stylesheet reads, served at <see cref="CssPath"/>.</summary>
    public string Css { get; private set; } = "";

    /// <summary>The address of <see cref="Css"/>, with a hash of it so a browser fetches it again when it changes.</summary>
    public string CssPath { get; private set; } = "";

    public const double MinimumContrast = 4.5;

    [GeneratedRegex(@"^#[0-9a-fA-F]{6}\z")]
    private static partial Regex HexColour();

    // Names unquoted (CSS takes "Segoe UI" as Segoe UI): a quote could open a string that swallows the rest of /brand.css.
    [GeneratedRegex(@"^[A-Za-z0-9 ,-]{1,200}\z")]
    private static partial Regex FontList();

    public const string DefaultLogo = "/images/safeguard-logo.svg";

    public static BrandOptions Read(IConfiguration configuration, string protectiveMarking)
    {
        var options = new BrandOptions();
        configuration.GetSection("Brand").Bind(options);
        var service = options.ServiceName.Trim();
        if (service.Length is 0 or > 60) throw new InvalidOperationException("Brand:ServiceName must name the service in 60 characters or fewer.");
        options.ServiceName = service;
        if (!HexColour().IsMatch(options.Colour))
            throw new InvalidOperationException("Brand:Colour must be a colour written #rrggbb, for example #1d3557.");
        var contrast = ContrastWithWhite(options.Colour);
        if (contrast < MinimumContrast)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Brand:Colour {options.Colour} is too light for the header's white text: contrast {contrast:0.0}:1, at least {MinimumContrast}:1 is needed."));
        if (!FontList().IsMatch(options.FontFamily))
            throw new InvalidOperationException("Brand:FontFamily must be a list of font names, without quotes, for example \"arial, sans-serif\".");
        if (options.FontFamily.Contains("GDS Transport", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Brand:FontFamily may not use GDS Transport, which is reserved for GOV.UK services.");
        // A relative path is from the directory the host starts in, resolved once so the file served is the file checked.
        options.Logo = string.IsNullOrWhiteSpace(options.Logo) ? null : Path.GetFullPath(options.Logo.Trim());
        if (options.Logo is not null && LogoType(options.Logo) is null)
            throw new InvalidOperationException("Brand:Logo must be an .svg or .png file.");
        if (options.Logo is not null && !File.Exists(options.Logo))
            throw new InvalidOperationException($"Brand:Logo names a file that is not there: {options.Logo}.");
        // On paper, the protective marking heads and foots every sheet, with the sheet's number.
        var marking = CssString(protectiveMarking);
        options.Css = string.Create(CultureInfo.InvariantCulture,
            $":root{{--sg-brand-colour:{options.Colour};--govuk-brand-colour:{options.Colour};--sg-font-family:{options.FontFamily}}}\n" +
            $"@page{{margin:16mm 14mm;@top-center{{content:{marking};font:bold 10pt {options.FontFamily}}}" +
            $"@bottom-center{{content:{marking} \"  ·  page \" counter(page) \" of \" counter(pages);font:bold 10pt {options.FontFamily}}}}}\n");
        var logoVersion = options.Logo is null ? 0 : File.GetLastWriteTimeUtc(options.Logo).Ticks;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.Css + logoVersion)))[..12];
        options.CssPath = $"/brand.css?v={hash}";
        options.LogoPath = options.Logo is null ? DefaultLogo : $"/brand/logo?v={hash}";
        return options;
    }

    /// <summary>Text as a quoted CSS string: quotes and backslashes escaped, line breaks and angle brackets dropped.</summary>
    private static string CssString(string text) =>
        "\"" + new string([.. text.Where(c => !char.IsControl(c) && c is not '<' and not '>')]).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The address of the logo, versioned like <see cref="CssPath"/>.</summary>
    public string LogoPath { get; private set; } = "";

    public static string? LogoType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => null,
    };

    /// <summary>The WCAG 2.1 contrast ratio of white text on this #rrggbb colour.</summary>
    public static double ContrastWithWhite(string colour)
    {
        static double Channel(string hex)
        {
            var c = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(colour[1..3]) + 0.7152 * Channel(colour[3..5]) + 0.0722 * Channel(colour[5..7]);
        return 1.05 / (luminance + 0.05);
    }
}

public static class BrandEndpoints
{
    /// <summary>The brand's stylesheet and logo: no personal data, open to anyone (the sign-in page wears them too).</summary>
    public static void MapBrand(this IEndpointRouteBuilder app)
    {
        app.MapGet("/brand.css", (BrandOptions brand, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Text(brand.Css, "text/css", Encoding.UTF8);
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/brand/logo", (BrandOptions brand, HttpContext context) =>
        {
            if (brand.Logo is null) return Results.Redirect(BrandOptions.DefaultLogo);
            context.Response.Headers.CacheControl = "public, max-age=86400";
            // An SVG opened on its own is a document: it may run nothing and load nothing.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.File(brand.Logo, BrandOptions.LogoType(brand.Logo));
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
