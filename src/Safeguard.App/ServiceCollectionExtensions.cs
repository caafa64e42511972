using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Safeguard.App.Access;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Notifications;
using Safeguard.App.Reporting;

namespace Safeguard.App;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The application services both hosts share, configured from the host's <see cref="IConfiguration"/>.
    /// The host registers the time source (TimeProvider and IClock) itself.
    /// </summary>
    public static IServiceCollection AddSafeguardApp(this IServiceCollection services)
    {
        services.AddSafeguardDatabase();
        services.AddSingleton(sp => PolicyOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<PolicyVersions>();
        // The policy in force now: new clocks start under it and reports use it. Running clocks keep theirs (PolicyVersions).
        services.AddSingleton(sp => sp.GetRequiredService<PolicyVersions>().Current);
        services.AddIdentityCore<SafeguardUser>(o =>
            {
                // NCSC guidance: length and a deny-list (CommonPasswords), no rules on composition.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.User.RequireUniqueEmail = true;
                // Wrong passwords slow the guesser down (SignInThrottle) rather than lock the account: a lockout would let
                // anyone shut an officer out. Disabling an account is the administrator's.
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddPasswordValidator<CommonPasswords>()
            .AddEntityFrameworkStores<AppDbContext>();
        services.AddScoped<Users>();
        services.AddScoped<SignInThrottle>();
        services.AddSingleton(sp => SessionLimits.From(sp.GetRequiredService<IConfiguration>()));
        services.AddScoped<Sessions>();
        services.AddScoped<ApiKeys>();

        // Subjects: one store, one ledger, one unit of work; a model per kind.
        services.AddSingleton<Incidents.IncidentModel>();
        services.AddSingleton<Notices.NoticeModel>();
        services.AddSingleton<Missing.EpisodeModel>();
        services.AddSingleton<Children.ChildModel>();
        services.AddSingleton(sp => Retention.RetentionOptions.Read(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<PolicyOptions>().ToPolicy().Zone));
        services.AddSingleton<Retention.RecordRetention>();
        services.AddScoped<Retention.RetentionReviews>();
        services.AddScoped<Subjects.ClockLedger>();
        services.AddScoped<Subjects.SubjectStore>();
        services.AddScoped<Subjects.UnitOfWork>();
        services.AddScoped<Audit.AuditScope>();

        services.AddScoped<ImportIncidents>();
        services.AddScoped<IncidentCommands>();
        services.AddScoped<IncidentQueries>();
        services.AddSingleton(sp => EidoOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddScoped<ReceiveEido>();
        services.AddScoped<ControlRoomBoard>();
        services.AddScoped<BuildPerformanceReport>();
        services.AddScoped<BuildCapacityReport>();
        services.AddSingleton<QueueFlags>();
        services.AddScoped<Missing.ImportMissing>();
        services.AddScoped<Missing.EpisodeCommands>();
        services.AddScoped<Missing.CoordinatorBoard>();
        services.AddScoped<Notices.ImportNotices>();
        services.AddScoped<Notices.NoticeQueries>();
        services.AddScoped<Notices.NoticeList>();
        services.AddScoped<Notices.NoticeCommands>();
        services.AddScoped<Notices.Agencies>();
        services.AddScoped<Notices.MashQueue>();
        services.AddScoped<Notices.ChildToNotice>();
        services.AddScoped<Children.ChildChronology>();
        services.AddScoped<Children.ChildCommands>();
        services.AddScoped<Subjects.RecordErasure>();
        services.AddScoped<Children.ChildMerging>();
        services.AddScoped<Children.ChildRestriction>();
        services.AddScoped<Children.ChildrenNotSeen>();
        services.AddScoped<Children.ChildSearch>();
        services.AddSingleton(sp => Audit.AuditOptions.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton<Audit.AuditAnchor>();
        services.AddSingleton<Audit.AuditTrail>();
        services.AddSingleton<Access.ApiKeyCache>();
        services.AddSingleton<ChangeSignal>();
        services.AddScoped<EscalateDueClocks>();
        services.AddSingleton<RecipientRoles>();
        services.AddScoped<Inbox>();
        services.AddHttpClient(nameof(WebhookSender), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<EmailSender>();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<DeliverNotifications>();

        // Inspection: case-file audits, the recommendation tracker, the pack.
        services.AddSingleton(sp => new Inspection.CaseAuditRubric(Inspection.CaseAuditOptions.Read(sp.GetRequiredService<IConfiguration>())));
        services.AddScoped<Inspection.CaseAudits>();
        services.AddScoped<Inspection.RecommendationTracker>();
        services.AddSingleton(sp => Inspection.PackOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddScoped<Inspection.InspectionPack>();
        return services;
    }
}
