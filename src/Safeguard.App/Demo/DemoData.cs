using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Safeguard.App.Access;
using Safeguard.App.Children;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Missing;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

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

        // The agencies an administrator would have listed, then a person in each role (the partner in the first agency).
        var agencies = sp.GetRequiredService<Notices.Agencies>();
        foreach (var (code, name) in DemoAgencies) await agencies.AddAsync(code, name, cancellationToken);
        foreach (var role in Roles.People)
            await users.AddAsync(EmailFor(role), role, $"Demo {role}", Password, role == Roles.PartnerAgency ? DemoAgencies[0].Code : null);

        var policy = sp.GetRequiredService<SafeguardPolicy>();
        var now = sp.GetRequiredService<IClock>().GetCurrentInstant();
        var random = new Random(20220928);
        var start = now - Duration.FromDays(365);
        var step = Duration.FromDays(365) / incidents;
        var generated = new List<(string Reference, List<SubjectEvent> Events)>();
        var awaitingNotice = new List<(string Reference, Instant Created, string Child)>();
        for (var n = 0; n < incidents; n++)
        {
            var created = start + step * n + Duration.FromSeconds(random.Next(0, (int)Math.Max(1, step.TotalSeconds)));
            if (created > now) break;
            var reference = $"DEMO-{n + 1:D6}";
            var (events, child, noticeToFollow) = Generate(created, now, random, policy.Attendance);
            generated.Add((reference, events));
            if (noticeToFollow) awaitingNotice.Add((reference, created, child!));
        }
        // Recorded when seeded: the clock engine treats the past as history and escalates only what is still live.
        await RecordAsync(sp, sp.GetRequiredService<IncidentModel>(), generated, now, cancellationToken);
        var episodes = await SeedMissingAsync(sp, policy.Missing, now, random, cancellationToken);
        // Each sighting on an incident is a contact on the child's record too, as the contact form records it.
        var sightings = generated.SelectMany(g => g.Events.OfType<IncidentChildSeen>().Where(e => e.At <= now).Select(e => (g.Reference, Seen: e)))
            .ToLookup(x => x.Seen.ChildReference, StringComparer.Ordinal);
        var notices = await SeedNoticesAsync(sp, policy, now, random, awaitingNotice, sightings, cancellationToken);
        await DemoInspection.SeedAsync(sp, now, cancellationToken);
        logger.LogInformation("Seeded the synthetic demo dataset: {Users} users, {Incidents} incidents, {Episodes} missing episodes, {Notices} notices",
            Roles.People.Count, generated.Count, episodes, notices);
    }

    /// <summary>Writes each subject's events through the store (so the ledger is written as for any other change), a few hundred subjects per transaction.</summary>
    private static async Task RecordAsync<TSubject, TState>(IServiceProvider sp, SubjectModel<TSubject, TState> model, List<(string Reference, List<SubjectEvent> Events)> subjects,
        Instant now, CancellationToken cancellationToken)
        where TSubject : Subject where TState : class
    {
        var store = sp.GetRequiredService<SubjectStore>();
        var work = sp.GetRequiredService<UnitOfWork>();
        foreach (var chunk in subjects.Chunk(500))
        {
            await work.RunAsync("demo", async ct =>
            {
                foreach (var (reference, events) in chunk)
                {
                    var subject = store.Create(model, reference);
                    foreach (var e in events.Where(e => e.At <= now).OrderBy(e => e.At))
                        await store.AppendAsync(model, subject, e, now, ct);
                }
            }, cancellationToken);
        }
    }

    /// <summary>
    /// One invented incident's events; for a child-involved one, the child, and whether a notice about it is to follow
    /// (most of the others have a supervisor's reason why none is needed; a few recent ones still owe one).
    /// </summary>
    private static (List<SubjectEvent> Events, string? Child, bool NoticeToFollow) Generate(Instant created, Instant now, Random random, AttendancePolicy policy)
    {
        var (district, _, speed) = Districts[random.Next(Districts.Length)];
        var roll = random.NextDouble();
        var grade = roll < 0.1 ? Grade.Immediate : roll < 0.5 ? Grade.Priority : roll < 0.85 ? Grade.Scheduled : Grade.Resolution;
        var children = random.NextDouble() < 0.35;
        // Command and control names the child on most child-involved incidents; on the rest an officer names the child when seen.
        var child = children ? $"DEMO-CHILD-{random.Next(1, 251):D4}" : null;
        var named = child is not null && random.NextDouble() < 0.8;
        var author = "demo-command-and-control";
        var events = new List<SubjectEvent>
        {
            new IncidentCreated(created, author, grade, children, district, Categories[random.Next(Categories.Length)], named ? [child!] : null),
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
        // Most children are seen and spoken to within the day, a few late; of the last fortnight's, a few not yet.
        var recent = created > now - Duration.FromDays(14);
        if (children && (!recent || random.NextDouble() < 0.93))
        {
            var seen = created + Duration.FromMinutes(Math.Round(8 * 60 * Math.Exp(0.7 * Normal(random))));
            if (seen <= now) events.Add(new IncidentChildSeen(seen, "demo-response-officer", child!));
        }
        // A notice about one in five; for the rest a supervisor records why none is needed, mostly in time.
        var noticeToFollow = children && random.NextDouble() < 0.2;
        if (children && !noticeToFollow && (!recent || random.NextDouble() < 0.85))
        {
            var decided = created + Duration.FromHours(random.NextDouble() < 0.9 ? 2 + random.Next(0, 20) : 25 + random.Next(0, 48));
            if (decided <= now) events.Add(new IncidentNoticeNotNeeded(decided, "demo-supervisor", "Child present but no safeguarding concern found (synthetic)"));
        }

        return (events, child, noticeToFollow);
    }

    /// <summary>A year of invented missing episodes for 250 invented children, some repeatedly missing, a few still missing now.</summary>
    private static async Task<int> SeedMissingAsync(IServiceProvider sp, MissingPolicy policy, Instant now, Random random, CancellationToken cancellationToken)
    {
        const string author = "demo-missing-coordinator";
        var children = Enumerable.Range(1, 250).Select(i => $"DEMO-CHILD-{i:D4}").ToList();
        var episodes = new List<(string Reference, List<SubjectEvent> Events)>();
        for (var n = 0; n < 600; n++)
        {
            // A few children go missing again and again; most once or twice.
            var child = random.NextDouble() < 0.35 ? children[random.Next(15)] : children[random.Next(children.Count)];
            var reported = now - Duration.FromMinutes(random.Next(30, 365 * 24 * 60));
            var risk = (RiskLevel)random.Next(0, 4);
            var events = new List<SubjectEvent>
            {
                new EpisodeReported(reported, author, child, risk, Districts[random.Next(Districts.Length)].Name,
                    [new RiskInformation("Not answering phone (synthetic)", "Parent", reported - Duration.FromMinutes(10))]),
            };
            if (policy.AttendanceTarget(risk) is { } target && random.NextDouble() < 0.92)
                events.Add(new EpisodeAttended(reported + target * (0.3 + (random.NextDouble() * 1.2)), author));
            var missingFor = Duration.FromHours(1 + random.Next(0, 96));
            if (policy.ReviewInterval(risk) is { } interval)
            {
                // Reviews roughly on time while missing, a few late.
                for (var at = reported + interval * (0.6 + (random.NextDouble() * 0.6)); at < reported + missingFor && at < now; at += interval * (0.6 + (random.NextDouble() * 0.6)))
                    events.Add(new EpisodeReviewed(at, author, risk, null, []));
            }
            if (reported + missingFor < now)
            {
                var found = reported + missingFor;
                events.Add(new EpisodeFound(found, author, "Friend's address (synthetic)", "Response officer"));
                if (random.NextDouble() < 0.8) events.Add(new PreventionInterviewHeld(found + Duration.FromHours(2 + random.Next(0, 40)), author));
                if (random.NextDouble() < 0.85) events.Add(new ReturnInterviewOffered(found + Duration.FromHours(4 + random.Next(0, 100)), author));
            }
            episodes.Add(($"DEMO-MIS-{n + 1:D5}", events));
        }
        await RecordAsync(sp, sp.GetRequiredService<EpisodeModel>(), episodes, now, cancellationToken);
        var db = sp.GetRequiredService<AppDbContext>();
        await sp.GetRequiredService<UnitOfWork>().RunAsync("demo", async ct =>
        {
            var ids = await db.Children.Where(c => c.Reference.StartsWith("DEMO-CHILD-")).Select(c => c.Id).ToListAsync(ct);
            await ChildRecords.FlagRepeatMissingAsync(db, ids, policy, ct);
        }, cancellationToken);
        return episodes.Count;
    }

    private static readonly string[] Schools = ["Northfield Academy (demo)", "Riverside Primary (demo)", "Hill Top School (demo)", "St Demo's CE Primary (demo)"];
    private static readonly (string Code, string Name)[] DemoAgencies =
        [("DEMO-CSC", "Demo children's social care"), ("DEMO-HEALTH", "Demo health"), ("DEMO-EDUCATION", "Demo education")];

    /// <summary>
    /// Invented details for the demo children and a year of invented notices about them: most reviewed and shared in
    /// time, some late, and a few waiting in the MASH queue now — one of them ten days old, as the inspection found.
    /// </summary>
    private static async Task<int> SeedNoticesAsync(IServiceProvider sp, SafeguardPolicy safeguard, Instant now, Random random,
        List<(string Reference, Instant Created, string Child)> awaitingNotice, ILookup<string, (string Reference, IncidentChildSeen Seen)> sightings,
        CancellationToken cancellationToken)
    {
        const string officer = "demo-response-officer", mash = "demo-mash-practitioner";
        var policy = safeguard.Notices;
        var db = sp.GetRequiredService<AppDbContext>();
        var today = now.InZone(safeguard.Zone).Date;
        var children = await db.Children.AsNoTracking().Where(c => c.Reference.StartsWith("DEMO-CHILD-")).OrderBy(c => c.Reference).Select(c => c.Reference).ToListAsync(cancellationToken);
        var details = new List<(string Reference, List<SubjectEvent> Events)>();
        var born = new Dictionary<string, ChildDetails>(StringComparer.Ordinal);
        foreach (var (child, i) in children.Select((c, i) => (c, i)))
        {
            var d = new ChildDetails($"Demo Child {i + 1:D4}", today.PlusDays(-random.Next(4 * 365, 17 * 365)), Schools[random.Next(Schools.Length)],
                random.NextDouble() < 0.1, random.NextDouble() < 0.08, random.NextDouble() < 0.06);
            born[child] = d;
            List<SubjectEvent> events = [new ChildDetailsRecorded(now - Duration.FromDays(366), "demo-mash-practitioner", d)];
            foreach (var (incident, seen) in sightings[child].OrderBy(x => x.Seen.At))
                events.Add(new ChildContacted(seen.At, seen.Author, new ChildContact(seen.At, seen.Author, true, "Demo response officer", seen.At.ToUnixTimeSeconds() % 3 != 0,
                    "Said they felt safe at home now (synthetic).", "Calm, a little tired (synthetic).", null, incident)));
            details.Add((child, events));
        }
        await RecordChildDetailsAsync(sp, details, now, cancellationToken);

        var types = Enum.GetValues<NoticeType>();
        var risks = Enum.GetValues<OfficerRisk>();
        var shares = new List<(string Notice, string Agency, Instant At)>();
        var notices = new List<(string Reference, List<SubjectEvent> Events)>();
        var about = new Dictionary<string, string>(StringComparer.Ordinal); // notice → incident
        // The incidents a notice follows, old enough (12 days or more) for its submission, review and sharing all to lie in the past.
        var followed = new Queue<(string Reference, Instant Created, string Child)>(awaitingNotice.Where(i => i.Created < now - Duration.FromDays(12)));
        const int count = 800;
        for (var n = 0; n < count; n++)
        {
            var child = random.NextDouble() < 0.3 ? children[random.Next(20)] : children[random.Next(children.Count)];
            // The last few are recent and still waiting; the very last is the ten-day-old notice nobody reviewed.
            var waiting = n >= count - 8;
            var occurred = n == count - 1 ? now - Duration.FromDays(10) : waiting ? now - Duration.FromHours(random.Next(1, 30)) : now - Duration.FromMinutes(random.Next(12 * 24 * 60, 360 * 24 * 60));
            string? incident = null;
            if (!waiting && followed.TryDequeue(out var follows)) (incident, occurred, child) = (follows.Reference, follows.Created, follows.Child);
            var type = types[random.Next(types.Length)];
            var risk = risks[random.Next(risks.Length)];
            var submitted = occurred + Duration.FromHours(random.NextDouble() < 0.85 ? random.Next(1, 24) : random.Next(25, 120));
            if (submitted > now) submitted = now;
            var reference = $"DEMO-PPN-{n + 1:D5}";
            if (incident is not null) about[reference] = incident;
            var events = new List<SubjectEvent>
            {
                new NoticeSubmitted(submitted, officer, child, incident, type, risk, occurred, "Synthetic narrative for the demonstration.", "Synthetic words of the child."),
            };
            if (!waiting)
            {
                var target = policy.ReviewTarget(risk);
                var reviewed = submitted + target * (random.NextDouble() < 0.8 ? 0.2 + (random.NextDouble() * 0.7) : 1.1 + random.NextDouble());
                var rag = NoticeRules.Matching(risk);
                var shareWith = NoticePolicy.SharingRequired(rag) ? DemoAgencies.Take(1 + random.Next(2)).Select(a => a.Name).ToList() : [];
                events.Add(new NoticeReviewed(reviewed, mash, rag, "Synthetic rationale.", rag == Rag.Green ? NoticeDecision.NoFurtherAction : NoticeDecision.ReferralToChildrensSocialCare, shareWith, null));
                var sharedAt = reviewed + Duration.FromHours(random.NextDouble() < 0.85 ? random.Next(1, 24) : random.Next(25, 72));
                foreach (var name in shareWith.Where(_ => sharedAt < now))
                {
                    events.Add(new NoticeSharedWith(sharedAt, mash, name, "The notice and the MASH review (synthetic)", NoticeQueries.DefaultLawfulBasis));
                    shares.Add((reference, name, sharedAt));
                }
            }
            if (type == NoticeType.DomesticAbuse && !waiting)
            {
                var told = policy.SchoolDays.NextSchoolStart(occurred, safeguard.Zone) - Duration.FromMinutes(random.Next(-30, 600));
                events.Add(new NoticeSchoolNotified(told > submitted ? told : submitted + Duration.FromMinutes(20), mash, born[child].School ?? "",
                    "A domestic incident was attended; the child was present (synthetic)."));
            }
            notices.Add((reference, events));
        }
        await RecordAsync(sp, sp.GetRequiredService<NoticeModel>(), notices, now, cancellationToken);
        // Each incident a notice is about records it, as a submission through the API would.
        var store = sp.GetRequiredService<SubjectStore>();
        var incidentModel = sp.GetRequiredService<IncidentModel>();
        var submittedAt = notices.ToDictionary(n => n.Reference, n => (NoticeSubmitted)n.Events[0]);
        foreach (var chunk in about.Chunk(500))
        {
            await sp.GetRequiredService<UnitOfWork>().RunAsync("demo", async ct =>
            {
                var incidents = await store.FindManyAsync(incidentModel, [.. chunk.Select(c => c.Value)], ct);
                foreach (var (notice, incident) in chunk)
                {
                    var s = submittedAt[notice];
                    await store.AppendAsync(incidentModel, incidents[incident], new IncidentNoticeLinked(s.At, officer, notice, s.At, s.ChildReference), now, ct);
                }
            }, cancellationToken);
        }
        await sp.GetRequiredService<UnitOfWork>().RunAsync("demo", async ct =>
        {
            var noticeIds = await db.Notices.Where(n => n.Reference.StartsWith("DEMO-PPN-")).ToDictionaryAsync(n => n.Reference, n => n.Id, ct);
            var agencies = await db.Agencies.ToDictionaryAsync(a => a.Name, a => a.Id, ct);
            foreach (var (notice, agency, at) in shares)
                db.NoticeShares.Add(new NoticeShare { NoticeId = noticeIds[notice], AgencyId = agencies[agency], SharedAt = at, SharedBy = mash, What = "The notice and the MASH review (synthetic)", LawfulBasis = NoticeQueries.DefaultLawfulBasis });
            var ids = await db.Children.Where(c => c.Reference.StartsWith("DEMO-CHILD-")).Select(c => c.Id).ToListAsync(ct);
            await ChildRecords.FlagEscalatingConcernAsync(db, ids, policy, ct);
        }, cancellationToken);
        return count;
    }

    private static async Task RecordChildDetailsAsync(IServiceProvider sp, List<(string Reference, List<SubjectEvent> Events)> children, Instant now, CancellationToken cancellationToken)
    {
        var store = sp.GetRequiredService<SubjectStore>();
        var model = sp.GetRequiredService<ChildModel>();
        await sp.GetRequiredService<UnitOfWork>().RunAsync("demo", async ct =>
        {
            var known = await store.FindManyAsync(model, [.. children.Select(c => c.Reference)], ct);
            foreach (var (reference, events) in children)
            {
                var child = known.GetValueOrDefault(reference) ?? store.Create(model, reference);
                foreach (var e in events) await store.AppendAsync(model, child, e, now, ct);
            }
        }, cancellationToken);
    }

    private static double Normal(Random random) => Generation.Draws.Normal(random);
}
