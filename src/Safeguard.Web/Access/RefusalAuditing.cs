using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Safeguard.App;
using Safeguard.App.Audit;
using Safeguard.Domain.Audit;

namespace Safeguard.Web.Access;

/// <summary>
/// Logs to the s.62 log every request refused to someone signed in (or a key): who, which kind of record and which
/// reference they asked for, and what for — so a partner probing for others' notices, or an officer trying pages their
/// role does not open, is on the record. The answer is then the usual one (403, or the denied page).
/// </summary>
public sealed class RefusalAuditing : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true) await RecordAsync(context);
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>Logs one refusal of the request in hand (also used by a page handler's own policy).</summary>
    public static Task RecordAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var reference = context.GetRouteValue("reference") as string ?? "(" + path.Value + ")";
        return context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(context.User.Author(), AuditAction.Refusal, KindOf(path), reference,
            Auditing.Justification(context.User, $"{context.Request.Method} {path.Value} refused"), CancellationToken.None);
    }

    /// <summary>The kind of record an address is about, or "page" for the rest.</summary>
    private static string KindOf(PathString path)
    {
        foreach (var (prefix, kind) in Prefixes)
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return kind;
        return "page";
    }

    private static readonly (string Prefix, string Kind)[] Prefixes =
    [
        ("/api/incidents", Records.Incident), ("/Incidents", Records.Incident), ("/Board", Records.Incident), ("/api/notices", Records.Notice),
        ("/Notices", Records.Notice), ("/Mash", Records.Notice), ("/api/missing", Records.Missing), ("/Missing", Records.Missing),
        ("/api/children", Records.Child), ("/Children", Records.Child),
    ];
}
