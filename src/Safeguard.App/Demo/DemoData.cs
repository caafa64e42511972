using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Missing;
using Safeguard.App.Notices;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;

namespace Safeguard.App.Demo;

/// <summary>
/// A synthetic demo dataset for Development: one demo user per role, a year of invented incidents up to "now", and a
/// year of invented missing episodes.
/// Every reference starts <c>DEMO-</c>; no record describes a real person or event.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo-only-2026!";
    public const string Domain = "demo.safeguard.invalid";

    public static string EmailFor(string role) => $"{role}@{Domain}";

    private static readonly (string Name, bool Rural, double Speed)[] Districts =
    [
        ("Basingstoke", false, 1.0), ("Portsmouth", false, 0.85), ("Southampton", false, 1.2),
        ("Winchester", false, 0.9), ("New Forest", true, 1.4), ("Isle of Wight", true, 1.3),
    ];

    private static readonly string[] Categories = ["Domestic abuse", "Concern for welfare", "Assault", "Missing person", "Child protection", "Antisocial behaviour"];

    /// <summary>Seeds once: does nothing when the database already has users or incidents.</summary>
    public static async Task SeedAsync(IServiceProvider services, int incidents = 12_000, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var users = sp.GetRequiredService<Users>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoData));
        if (users.Any() || await db.Incidents.AnyAsync(cancellationToken)) return;

        foreach (var role in Roles.People)
            await users.AddAsync(EmailFor(role), role, $"Demo {role}", Password, role == Roles.PartnerAgency ? "Demo children's social care" : null);

        var policies = sp.GetRequiredService<Clocks.PolicyVersions>();
        var policy = policies.Current;
        var now = sp.GetRequiredService<IClock>().GetCurrentInstant();
        var random = new Random(20220928);
        var start = now - Duration.FromDays(365);
        var step = Duration.FromDays(365) / incidents;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var n = 0; n < incidents; n++)
        {
            var created = start + step * n + Duration.FromSeconds(random.Next(0, (int)Math.Max(1, step.TotalSeconds)));
            if (created > now) break;
            var incident = Generate(n, created, now, random, policy);
            policies.Stamp(incident);
            db.Incidents.Add(incident);
            if (n % 1000 == 999)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var episodes = await SeedMissingAsync(db, sp.GetRequiredService<MissingPolicy>(), now, random, cancellationToken);
        var notices = await SeedNoticesAsync(db, sp.GetRequiredService<NoticePolicy>(), now, random, cancellationToken);
        logger.LogInformation("Seeded the synthetic demo dataset: {Users} users, {Incidents} incidents, {Episodes} missing episodes, {Notices} notices",
            Roles.People.Count, incidents, episodes, notices);
    }

    private static Incident Generate(int n, Instant created, Instant now, Random random, AttendancePolicy policy)
    {
        var incident = new Incident { Reference = $"DEMO-{n + 1:D6}" };
        var (district, _, speed) = Districts[random.Next(Districts.Length)];
        var roll = random.NextDouble();
        var grade = roll < 0.1 ? Grade.Immediate : roll < 0.5 ? Grade.Priority : roll < 0.85 ? Grade.Scheduled : Grade.Resolution;
        var children = random.NextDouble() < 0.35;
        var author = "demo-command-and-control";
        var events = new List<IncidentEvent>
        {
            new IncidentCreated(created, author, grade, children, district, Categories[random.Next(Categories.Length)]),
        };
        if (grade != Grade.Resolution)
        {
            // Minutes to arrive: a long-tailed spread around a typical time per grade, slower in some districts.
            var typical = grade switch
            {
                Grade.Immediate => 11.0,
                Grade.Priority => 48.0,
                Grade.Scheduled => 20 * 60.0,
                Grade.Resolution => 0,
            };
            var minutes = typical * speed * Math.Exp(0.55 * Normal(random));
            var arrival = created + Duration.FromMinutes(Math.Round(minutes, 1));
            var dispatched = created + Duration.FromMinutes(Math.Round(minutes * 0.3, 1));
            var unattended = random.NextDouble() < 0.05;
            if (grade == Grade.Priority && random.NextDouble() < 0.06)
                events.Add(new IncidentRegraded(created + Duration.FromMinutes(10), author, Grade.Scheduled, "Demo duty inspector", "Caller confirmed no immediate risk (synthetic)"));
            if (dispatched <= now && !unattended) events.Add(new IncidentDispatched(dispatched, author));
            if (arrival <= now && !unattended)
            {
                events.Add(new IncidentArrived(arrival, author));
                var closed = arrival + Duration.FromMinutes(30 + random.Next(0, 180));
                if (closed <= now) events.Add(new IncidentClosed(closed, author));
            }
            else if (unattended && created + Duration.FromDays(3) <= now)
            {
                events.Add(new IncidentClosed(created + Duration.FromDays(3), author));
            }
        }
        else if (created + Duration.FromHours(2) <= now)
        {
            events.Add(new IncidentClosed(created + Duration.FromHours(2), author));
        }
        // Most children are seen and spoken to within the day; a few late, a few not at all.
        if (children && random.NextDouble() < 0.93)
        {
            var seen = created + Duration.FromMinutes(Math.Round(8 * 60 * Math.Exp(0.7 * Normal(random))));
            if (seen <= now) events.Add(new IncidentChildSeen(seen, "demo-response-officer", $"DEMO-CHILD-{random.Next(1, 251):D4}"));
        }

        IncidentFacts? facts = null;
        foreach (var e in events.OrderBy(e => e.At))
        {
            // Recorded when seeded: the clock engine treats the past as history and escalates only what is still live.
            IncidentProjection.Append(incident, e, facts, policy, now);
            facts = IncidentHistory.Apply(facts, e);
        }
        return incident;
    }

    /// <summary>A year of invented missing episodes for 250 invented children, some repeatedly missing, a few still missing now.</summary>
    private static async Task<int> SeedMissingAsync(AppDbContext db, MissingPolicy policy, Instant now, Random random, CancellationToken cancellationToken)
    {
        const string author = "demo-missing-coordinator";
        var children = Enumerable.Range(1, 250).Select(i => new Child { Reference = $"DEMO-CHILD-{i:D4}" }).ToList();
        db.Children.AddRange(children);
        await db.SaveChangesAsync(cancellationToken);
        var count = 0;
        var reportsByChild = new Dictionary<long, List<Instant>>();
        for (var n = 0; n < 600; n++)
        {
            // A few children go missing again and again; most once or twice.
            var child = random.NextDouble() < 0.35 ? children[random.Next(15)] : children[random.Next(children.Count)];
            var reported = now - Duration.FromMinutes(random.Next(30, 365 * 24 * 60));
            var risk = (RiskLevel)random.Next(0, 4);
            var districts = Districts;
            var episode = new MissingEpisode { Reference = $"DEMO-MIS-{n + 1:D5}" };
            var events = new List<EpisodeEvent>
            {
                new EpisodeReported(reported, author, child.Reference, risk, districts[random.Next(districts.Length)].Name,
                    [new RiskInformation("Not answering phone (synthetic)", "Parent", reported - Duration.FromMinutes(10))]),
            };
            if (policy.AttendanceTarget(risk) is { } target && random.NextDouble() < 0.92)
                events.Add(new EpisodeAttended(reported + target * (0.3 + (random.NextDouble() * 1.2)), author));
            var missingFor = Duration.FromHours(1 + random.Next(0, 96));
            if (reported + missingFor < now)
            {
                var found = reported + missingFor;
                events.Add(new EpisodeFound(found, author, "Friend's address (synthetic)", "Response officer"));
                if (random.NextDouble() < 0.8) events.Add(new PreventionInterviewHeld(found + Duration.FromHours(2 + random.Next(0, 40)), author));
                if (random.NextDouble() < 0.85) events.Add(new ReturnInterviewOffered(found + Duration.FromHours(4 + random.Next(0, 100)), author));
            }
            EpisodeState? state = null;
            foreach (var e in events.Where(e => e.At <= now).OrderBy(e => e.At))
                state = EpisodeProjection.Append(episode, child.Id, e, state, policy, now);
            db.MissingEpisodes.Add(episode);
            if (!reportsByChild.TryGetValue(child.Id, out var reports)) reportsByChild[child.Id] = reports = [];
            reports.Add(reported);
            count++;
        }
        foreach (var child in children)
            child.RepeatMissingSince = reportsByChild.TryGetValue(child.Id, out var reports) ? RepeatMissing.FlaggedSince(reports, policy) : null;
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return count;
    }

    private static readonly string[] Schools = ["Northfield Academy (demo)", "Riverside Primary (demo)", "Hill Top School (demo)", "St Demo's CE Primary (demo)"];
    private static readonly string[] DemoAgencies = ["Demo children's social care", "Demo health", "Demo education"];

    /// <summary>
    /// Invented details for the demo children and a year of invented notices about them: most reviewed and shared in
    /// time, some late, and a few waiting in the MASH queue now — one of them ten days old, as the inspection found.
    /// </summary>
    private static async Task<int> SeedNoticesAsync(AppDbContext db, NoticePolicy policy, Instant now, Random random, CancellationToken cancellationToken)
    {
        const string officer = "demo-response-officer", mash = "demo-mash-practitioner";
        var children = await db.Children.Where(c => c.Reference.StartsWith("DEMO-CHILD-")).OrderBy(c => c.Reference).ToListAsync(cancellationToken);
        var today = now.InZone(Safeguard.Domain.Time.WallClock.London).Date;
        foreach (var (child, i) in children.Select((c, i) => (c, i)))
        {
            child.Name = $"Demo Child {i + 1:D4}";
            child.DateOfBirth = today.PlusDays(-random.Next(4 * 365, 17 * 365));
            child.School = Schools[random.Next(Schools.Length)];
            child.ChildProtectionPlan = random.NextDouble() < 0.1;
            child.LookedAfter = random.NextDouble() < 0.08;
            child.ExploitationRisk = random.NextDouble() < 0.06;
        }
        var agencies = await db.Agencies.Where(a => DemoAgencies.Contains(a.Name)).ToListAsync(cancellationToken); // the demo partner's is there already
        foreach (var name in DemoAgencies.Where(name => agencies.All(a => a.Name != name)))
        {
            var agency = new Agency { Name = name };
            db.Agencies.Add(agency);
            agencies.Add(agency);
        }
        await db.SaveChangesAsync(cancellationToken);

        var types = Enum.GetValues<NoticeType>();
        var risks = Enum.GetValues<OfficerRisk>();
        var shares = new List<(Notice Notice, Agency Agency, Instant At)>();
        const int count = 800;
        for (var n = 0; n < count; n++)
        {
            var child = random.NextDouble() < 0.3 ? children[random.Next(20)] : children[random.Next(children.Count)];
            // The last few are recent and still waiting; the very last is the ten-day-old notice nobody reviewed. The others
            // are old enough (12 days or more) for their submission, review and sharing all to lie in the past.
            var waiting = n >= count - 8;
            var occurred = n == count - 1 ? now - Duration.FromDays(10) : waiting ? now - Duration.FromHours(random.Next(1, 30)) : now - Duration.FromMinutes(random.Next(12 * 24 * 60, 360 * 24 * 60));
            var type = types[random.Next(types.Length)];
            var risk = risks[random.Next(risks.Length)];
            var submitted = occurred + Duration.FromHours(random.NextDouble() < 0.85 ? random.Next(1, 24) : random.Next(25, 120));
            if (submitted > now) submitted = now;
            var notice = new Notice { Reference = $"DEMO-PPN-{n + 1:D5}", RecordedAt = submitted, ChildId = child.Id };
            var events = new List<NoticeEventBase>
            {
                new NoticeSubmitted(submitted, officer, child.Reference, null, type, risk, occurred, "Synthetic narrative for the demonstration.", "Synthetic words of the child."),
            };
            if (!waiting)
            {
                var target = policy.ReviewTarget(risk);
                var reviewed = submitted + target * (random.NextDouble() < 0.8 ? 0.2 + (random.NextDouble() * 0.7) : 1.1 + random.NextDouble());
                var rag = NoticeRules.Matching(risk);
                var shareWith = NoticePolicy.SharingRequired(rag) ? DemoAgencies.Take(1 + random.Next(2)).ToList() : [];
                events.Add(new NoticeReviewed(reviewed, mash, rag, "Synthetic rationale.", rag == Rag.Green ? NoticeDecision.NoFurtherAction : NoticeDecision.ReferralToChildrensSocialCare, shareWith, null));
                var sharedAt = reviewed + Duration.FromHours(random.NextDouble() < 0.85 ? random.Next(1, 24) : random.Next(25, 72));
                foreach (var name in shareWith.Where(_ => sharedAt < now))
                {
                    events.Add(new NoticeSharedWith(sharedAt, mash, name, "The notice and the MASH review (synthetic)", NoticeQueries.DefaultLawfulBasis));
                    shares.Add((notice, agencies.Single(a => a.Name == name), sharedAt));
                }
            }
            if (type == NoticeType.DomesticAbuse && !waiting)
            {
                var told = policy.SchoolDays.NextSchoolStart(occurred, Safeguard.Domain.Time.WallClock.London) - Duration.FromMinutes(random.Next(-30, 600));
                events.Add(new NoticeSchoolNotified(told > submitted ? told : submitted + Duration.FromMinutes(20), mash, child.School ?? "",
                    "A domestic incident was attended; the child was present (synthetic)."));
            }
            NoticeFacts? facts = null;
            foreach (var e in events.Where(e => e.At <= now).OrderBy(e => e.At))
            {
                NoticeProjection.Append(notice, child.Id, e, facts, policy, child.DateOfBirth, now);
                facts = NoticeRules.Apply(facts, e);
            }
            db.Notices.Add(notice);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (notice, agency, at) in shares)
            db.NoticeShares.Add(new NoticeShare { NoticeId = notice.Id, AgencyId = agency.Id, SharedAt = at, SharedBy = mash, What = "The notice and the MASH review (synthetic)", LawfulBasis = NoticeQueries.DefaultLawfulBasis });
        await Children.ChildRecords.FlagEscalatingConcernAsync(db, [.. children.Select(c => c.Id)], policy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return count;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
