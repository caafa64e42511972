using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Safeguard.App;
using Safeguard.App.Access;
using Safeguard.Web.Access;
using Safeguard.Web.Boards;
using Safeguard.Web.Children;
using Safeguard.Web.Clocks;
using Safeguard.Web.Incidents;
using Safeguard.Web.Missing;
using Safeguard.Web.Notices;
using Safeguard.Web.Notifications;
using Safeguard.Web.Reporting;

namespace Safeguard.Web.Hosting;

public static class SafeguardWeb
{
    /// <summary>The largest request body the API reads: 256 KB, far above any record's (texts are limited to 8,000 characters).</summary>
    public const long MaxApiBodyBytes = 256 * 1024;

    public static void AddSafeguardWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSafeguardApp();
        services.AddSafeguardAccess();
        services.AddForceIdentityProvider(builder.Configuration);
        services.AddSingleton<Pages.TimeDisplay>();
        var brand = BrandOptions.Read(builder.Configuration, App.Inspection.PackOptions.Read(builder.Configuration).ProtectiveMarking);
        services.AddSingleton(brand);
        services.AddHttpContextAccessor();
        services.AddScoped<Pages.RecordLinks>();
        services.AddSingleton<RefreshesLogged>();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Account/SignIn").AllowAnonymousToPage("/Account/External"))
            .AddMvcOptions(o =>
            {
                o.Filters.Add<HandlerPolicyFilter>();
                o.Filters.Add<ListAuditFilter>();
            });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        // Hosted services start in this order, all before the server accepts requests.
        services.AddHostedService<PrepareDatabase>();
        services.AddHostedService<AnchorAuditLog>();
        if (builder.Configuration.GetValue("Clocks:Engine:Enabled", true))
            services.AddHostedService<ClockEngine>();
        services.AddSignalR();
        services.AddSingleton<ChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeListener>());
        services.AddHostedService<BoardFeed>();
        if (builder.Configuration.GetValue("Notifications:Dispatcher:Enabled", true))
            services.AddHostedService<NotificationDispatcher>();
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // NodaTime instants travel as ISO 8601 strings with Z.
                var type = context.JsonTypeInfo.Type;
                if (type == typeof(Instant) || type == typeof(Instant?))
                {
                    schema.Type = JsonSchemaType.String;
                    schema.Format = "date-time";
                    schema.Properties?.Clear();
                }
                return Task.CompletedTask;
            });
        });
    }

    public static void UseSafeguardWeb(this WebApplication app)
    {
        // An API request's error is problem details; a page's is the error page, re-executed (Problems.ForMachines).
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error" });
        app.UseWhen(c => Problems.ForMachines(c.Request.Path), machines => machines.UseStatusCodePages());
        app.UseWhen(c => !Problems.ForMachines(c.Request.Path), people => people.UseStatusCodePagesWithReExecute("/Error", "?status={0}"));
        // Behind the force's TLS proxy: the client's address and scheme from X-Forwarded-*, so the cookie stays Secure.
        app.UseForwardedHeaders(ForwardedHeaders(app.Configuration));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseSecurityHeaders();
        app.UseStaticFiles(SecurityHeaders.StaticFileCaching);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(SessionTicketStore.FailWithoutSession);
        app.UseTwoFactorEnrolment();
        app.UseAuthorization();
        app.UseCanonicalReferences();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), machines => machines.Use((context, next) =>
        {
            // No request to the API needs more than this; a larger body is refused (413) before it is read.
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxApiBodyBytes;
            return next(context);
        }));

        // Liveness: the process answers (no checks). Readiness: it can do its work (the database answers). /health is readiness.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        // The API's description: open to anyone in development, to those signed in elsewhere.
        var openApi = app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment()) openApi.AllowAnonymous();
        var api = app.MapGroup("/api");
        api.MapGroup("/incidents").WithTags("Incidents").MapIncidentsApi();
        api.MapGroup("/eido").WithTags("Incidents").MapEidoApi();
        api.MapGroup("/reports").WithTags("Reports").MapReportsApi();
        api.MapGroup("/capacity").WithTags("Reports").MapCapacityApi();
        api.MapGroup("/missing").WithTags("Missing children").MapMissingApi();
        api.MapGroup("/notices").WithTags("Notices").MapNoticesApi();
        api.MapGroup("/children").WithTags("Children").MapChildrenApi();
        app.MapBrand();
        app.MapRazorPages();
        app.MapHub<BoardHub>("/hubs/board");
    }

    /// <summary>
    /// A record's address names it as <see cref="References"/> keeps it (<c>/Incidents/inc-1</c> is INC-1); an address
    /// whose reference no record can have (a lookalike, a control character) is not found.
    /// </summary>
    private static void UseCanonicalReferences(this WebApplication app) => app.Use((context, next) =>
    {
        if (context.Request.RouteValues.TryGetValue("reference", out var value) && value is string given)
        {
            var (reference, _) = References.Normalise(given);
            if (reference is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            context.Request.RouteValues["reference"] = reference;
        }
        return next(context);
    });

    /// <summary>
    /// Which proxies' X-Forwarded-For and X-Forwarded-Proto are believed: loopback always, and the networks in
    /// <c>ForwardedHeaders:KnownNetworks</c> (CIDR, e.g. the load balancers' subnet).
    /// </summary>
    private static ForwardedHeadersOptions ForwardedHeaders(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        return options;
    }
}
