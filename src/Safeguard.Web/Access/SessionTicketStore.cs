using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Safeguard.Web.Access;

/// <summary>
/// Keeps signed-in sessions in the database (<see cref="Sessions"/>) rather than in the cookie, so signing out, being
/// disabled or a role change ends a session on every instance at once, and the idle and absolute limits are the
/// server's. The cookie holds only the session's key.
/// </summary>
public sealed class SessionTicketStore(IServiceScopeFactory scopes) : ITicketStore
{
    /// <summary>Where the pages find when the session began and when it ends (for the warning before it does).</summary>
    public const string SignedInAtItem = "safeguard:signed-in-at";

    public const string EndsAtItem = "safeguard:ends-at";

    private static readonly TicketSerializer Serializer = TicketSerializer.Default;

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        WithSessionsAsync(s => s.StartAsync(ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", Serializer.Serialize(ticket), cancellationToken));

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        WithSessionsAsync(async s =>
        {
            await s.RenewAsync(key, ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", Serializer.Serialize(ticket), cancellationToken);
            return 0;
        });

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    /// <summary>
    /// While the database cannot be had, the session cannot be read: the request goes on as no one, carrying the failure,
    /// and <see cref="FailWithoutSession"/> then fails it (503 from the exception handler). The authentication result is
    /// kept for the request, so the error page is drawn for no one rather than failing in turn.
    /// </summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        try
        {
            return await RetrieveAsync(key, cancellationToken);
        }
        catch (Exception e) when (App.Subjects.DatabaseErrors.IsUnavailable(e))
        {
            httpContext.Items[UnreadSession] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            return null;
        }
    }

    private const string UnreadSession = "safeguard:unread-session";

    /// <summary>After authentication: a request whose session could not be read fails with the database's error, once.</summary>
    public static Task FailWithoutSession(HttpContext context, Func<Task> next)
    {
        if (context.Items.Remove(UnreadSession, out var failure) && failure is System.Runtime.ExceptionServices.ExceptionDispatchInfo e) e.Throw();
        return next();
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) =>
        WithSessionsAsync(async s =>
        {
            if (await s.FindAsync(key, cancellationToken) is not { } found) return null;
            var ticket = Serializer.Deserialize(found.Ticket);
            if (ticket is null) return null;
            ticket.Properties.Items[SignedInAtItem] = found.SignedInAt.ToString();
            ticket.Properties.Items[EndsAtItem] = found.EndsAt.ToString();
            return ticket;
        });

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) =>
        WithSessionsAsync(async s =>
        {
            await s.EndAsync(key, cancellationToken);
            return 0;
        });

    private async Task<T> WithSessionsAsync<T>(Func<Sessions, Task<T>> use)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<Sessions>());
    }
}

/// <summary>Gives the cookie handler its server-side store (a singleton that opens a scope per call).</summary>
public sealed class UseSessionTicketStore(SessionTicketStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name == Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme) options.SessionStore = store;
    }
}
