using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Safeguard.App;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Demo;
using Safeguard.Web.Access;
using Safeguard.Web.Incidents;
using Safeguard.Web.Reporting;

namespace Safeguard.Web.Hosting;

public static class SafeguardWeb
{
    public static void AddSafeguardWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSafeguardApp();
        services.AddSafeguardAccess();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddRazorPages(o => o.Conventions.AllowAnonymousToPage("/Account/SignIn"));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions()).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup("/api");
        api.MapGroup("/incidents").WithTags("Incidents").MapIncidentsApi();
        api.MapGroup("/reports").WithTags("Reports").MapReportsApi();
        app.MapRazorPages();
    }

    /// <summary>Migrates the database and, in Development, seeds the synthetic demo dataset; says how to sign in.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        await DatabaseSetup.MigrateAsync(app.Services);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Safeguard");
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Users>().EnsureRolesAsync();
        if (app.Configuration.GetValue<bool>("Demo:Seed"))
        {
            await DemoData.SeedAsync(app.Services);
            logger.LogInformation("SYNTHETIC DEMO DATA. Sign in as {Email} (or any role's name @{Domain}) with password {Password}",
                DemoData.EmailFor(Roles.Supervisor), DemoData.Domain, DemoData.Password);
        }
        else
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (!scope.ServiceProvider.GetRequiredService<Users>().Any())
                logger.LogWarning("No accounts exist. Create the first administrator: safeguard users add --email EMAIL --role administrator");
        }
    }
}
