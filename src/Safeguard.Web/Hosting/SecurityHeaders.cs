namespace Safeguard.Web.Hosting;

/// <summary>
/// The headers every answer carries: a content security policy with no inline script or style and no framing, no MIME
/// sniffing, no referrer (addresses carry record references), and — for everything but the static files — nothing
/// kept in a browser's or a proxy's cache, since pages and the API carry personal data.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy, letting in one inline style block by its hash ('sha256-…') as well.</summary>
    public static string AllowingStyle(string hash) => ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' '{hash}'", StringComparison.Ordinal);

    /// <summary>Adds the headers to every response; static files (which hold no personal data) stay cacheable.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // A page that carries its own styles sets a policy naming their hash (the printable pack); every other answer gets this one.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (string.IsNullOrEmpty(headers.CacheControl)) // the static files set their own (StaticFileCaching)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Static files hold no personal data and are addressed by version (asp-append-version): a day in any cache.</summary>
    public static StaticFileOptions StaticFileCaching { get; } = new()
    {
        OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=86400",
    };
}
