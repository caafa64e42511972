using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Safeguard.App.Audit;
using Safeguard.Domain.Audit;

namespace Safeguard.Web.Access;

/// <summary>
/// Writes the DPA 2018 s.62 log for what people and clients do through the API and the pages. An endpoint marked
/// <see cref="Audited"/> is logged once its use case has succeeded and before its answer is sent: if the log cannot be
/// written, the caller gets an error rather than the data.
/// </summary>
public static class Auditing
{
    /// <summary>Logs <paramref name="action"/> on the record named by the route's <c>reference</c>, or by what a create returned.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, AuditAction action, string subject) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            var reference = http.GetRouteValue("reference") as string ?? CreatedReference(result) ?? "(list)";
            var purpose = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.Value ?? "";
            await RecordAsync(http, action, subject, reference, purpose);
            return result;
        });

    /// <summary>Logs one action on one record by the signed-in caller; the justification names their roles and the purpose.</summary>
    public static Task RecordAsync(HttpContext http, AuditAction action, string subject, string reference, string purpose) =>
        http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http.User.Author(), action, subject, reference, Justification(http.User, purpose), http.RequestAborted);

    public static string Justification(ClaimsPrincipal user, string purpose) =>
        $"{string.Join(", ", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal))}: {purpose}";

    /// <summary>The last segment of a 201's location (<see cref="Created{TValue}.Location"/>): the reference of what was created.</summary>
    private static string? CreatedReference(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        var location = result?.GetType().GetProperty(nameof(Created.Location))?.GetValue(result) as string;
        return location is null ? null : Uri.UnescapeDataString(location[(location.LastIndexOf('/') + 1)..]);
    }
}
