using System.Security.Claims;
using Safeguard.App.Audit;
using Safeguard.Domain.Audit;

namespace Safeguard.Web.Access;

/// <summary>
/// The DPA 2018 s.62 log for what people and clients do through the API and the pages. A use that changes a record is
/// declared before its use case runs (<see cref="Declare"/>): the unit of work writes the entries in the change's own
/// transaction, one per record it wrote to, so a change never commits without them. A consultation is logged once its
/// use case has succeeded and before the answer is sent (<see cref="RecordAsync"/>): if the log cannot be written, the
/// caller gets an error rather than the data. Neither is undone by a caller who has gone.
/// </summary>
public static class Auditing
{
    /// <summary>
    /// Marks an endpoint's use of records of kind <paramref name="subject"/>: a consultation is logged on the record
    /// named by the route's <c>reference</c> (or "(list)"); any other use is declared for the change it makes.
    /// </summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, AuditAction action, string subject) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var purpose = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.Value ?? "";
            if (action != AuditAction.Consultation)
            {
                Declare(http, action, subject, purpose);
                return await next(context);
            }
            var result = await next(context);
            await RecordAsync(http, action, subject, http.GetRouteValue("reference") as string ?? "(list)", purpose);
            return result;
        });

    /// <summary>Says, for the change the request is about to make, who makes it and why, and which use of which kind of record it is.</summary>
    public static void Declare(HttpContext http, AuditAction action, string subject, string purpose) =>
        http.RequestServices.GetRequiredService<AuditScope>().Declare(action, subject, Justification(http.User, purpose));

    /// <summary>Logs one consultation of one record (or a list) by the signed-in caller; the justification names their roles and the purpose.</summary>
    public static Task RecordAsync(HttpContext http, AuditAction action, string subject, string reference, string purpose) =>
        http.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(http.User.Author(), action, subject, reference, Justification(http.User, purpose), CancellationToken.None);

    public static string Justification(ClaimsPrincipal user, string purpose) =>
        $"{string.Join(", ", user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal))}: {purpose}";
}
