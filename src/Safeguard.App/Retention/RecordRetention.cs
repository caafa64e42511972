using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Data;
using Safeguard.App.Incidents;
using Safeguard.App.Missing;
using Safeguard.App.Notices;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;
using Safeguard.Domain.Missing;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Retention;

/// <summary>Configuration section <c>Retention</c>: the groups in order (the first that holds a record is its group); empty means the default.</summary>
public sealed class RetentionOptions
{
    public List<RetentionGroupOptions> Groups { get; set; } = [];

    public sealed class RetentionGroupOptions
    {
        public string Name { get; set; } = "";
        public string? Title { get; set; }
        public int ReviewAfterYears { get; set; }
        public List<string> Kinds { get; set; } = [];
        public List<string> When { get; set; } = [];
    }

    /// <summary>The schedule these settings describe; throws naming the setting when it cannot hold every record.</summary>
    public static RetentionSchedule Read(IConfiguration configuration, DateTimeZone zone)
    {
        var options = new RetentionOptions();
        configuration.GetSection("Retention").Bind(options);
        var groups = options.Groups.Count == 0
            ? RetentionSchedule.DefaultGroups
            : [.. options.Groups.Select(g => new RetentionGroup(g.Name.Trim(), g.Title ?? g.Name, g.ReviewAfterYears, g.Kinds, g.When))];
        var schedule = new RetentionSchedule(groups, zone);
        if (schedule.Problem(RecordErasure.Kinds) is { } problem) throw new InvalidOperationException("Retention is not usable: " + problem);
        return schedule;
    }
}

/// <summary>A record due for its retention review, as the review queue shows it.</summary>
public sealed record RetentionDue(string Kind, string Reference, string Group, string GroupTitle, LocalDate? LastActivity, LocalDate ReviewOn, bool Kept);

/// <summary>
/// Every record's retention review date (MoPI-style groups, <see cref="RetentionSchedule"/>), kept on the record as it
/// changes: the store reviews a record after each event, and a child is reviewed no earlier than the latest of the
/// records about them. The review queue lists what is due; a review keeps a record (until its next review, with the
/// reason, in the s.62 log) or erases it (<see cref="RecordErasure"/>). After the groups are changed, <see cref="ApplyAsync"/>
/// works every record's date out again.
/// </summary>
public sealed class RecordRetention(RetentionSchedule schedule)
{
    public RetentionSchedule Schedule => schedule;

    /// <summary>What a record's retention is judged on, read from its projected row (and its children's).</summary>
    public static IReadOnlySet<string> TraitsOf(Subject subject, IEnumerable<Child> children)
    {
        var traits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (child.ChildProtectionPlan) traits.Add(RetentionTraits.ChildProtectionPlan);
            if (child.LookedAfter) traits.Add(RetentionTraits.LookedAfter);
            if (child.ExploitationRisk) traits.Add(RetentionTraits.ExploitationRisk);
        }
        switch (subject)
        {
            case Notice n:
                if (n.Rag == Rag.Red || (n.Rag is null && n.OfficerRisk == OfficerRisk.High)) traits.Add(RetentionTraits.HighRisk);
                if (n.Decision is NoticeDecision.ReferralToChildrensSocialCare or NoticeDecision.StrategyDiscussion) traits.Add(RetentionTraits.Referred);
                break;
            case MissingEpisode m:
                if (m.CurrentRisk == RiskLevel.High || m.RiskAtReport == RiskLevel.High) traits.Add(RetentionTraits.HighRisk);
                if (m.ExploitationIndicators > 0) traits.Add(RetentionTraits.ExploitationIndicators);
                break;
        }
        return traits;
    }

    /// <summary>
    /// Reviews <paramref name="subject"/> after something happened on it at <paramref name="activity"/> (its projection
    /// written), and brings each of its children's review up to it.
    /// </summary>
    public void Review(Subject subject, IReadOnlyCollection<Child> children, Instant? activity)
    {
        var on = Apply(subject, subject is Child self ? [self] : children, activity, floor: null, keepLater: subject is Child);
        foreach (var child in children.Distinct())
            if (!ReferenceEquals(child, subject)) Apply(child, [child], activity, on, keepLater: true);
    }

    private LocalDate Apply(Subject subject, IEnumerable<Child> children, Instant? activity, LocalDate? floor, bool keepLater)
    {
        if (activity is { } at)
        {
            if (subject.LastActivityAt is null || at > subject.LastActivityAt) subject.LastActivityAt = at;
            subject.ErasedAt = null; // something new is recorded: it is reviewed again
        }
        var (group, on) = schedule.ReviewOn(new RetentionFacts(subject.Kind, TraitsOf(subject, children), subject.LastActivityAt ?? subject.RecordedAt), subject.KeptUntil);
        if (keepLater && subject.ReviewOn is { } stored && stored > on) on = stored;
        if (floor is { } least && least > on) on = least;
        (subject.RetentionGroup, subject.ReviewOn) = (group.Name, on);
        return on;
    }

    /// <summary>
    /// Reviews every notice, missing episode and incident about <paramref name="child"/> again (tracked; the caller saves),
    /// when something that decides their group changed on the child — their flags, a duplicate merged in.
    /// </summary>
    public async Task ReviewRecordsOfAsync(AppDbContext db, Child child, CancellationToken cancellationToken)
    {
        var on = new List<LocalDate?>();
        foreach (var n in await db.Notices.Where(n => n.ChildId == child.Id).ToListAsync(cancellationToken)) on.Add(Apply(n, [child], null, null, keepLater: false));
        foreach (var m in await db.MissingEpisodes.Where(m => m.ChildId == child.Id).ToListAsync(cancellationToken)) on.Add(Apply(m, [child], null, null, keepLater: false));
        foreach (var i in await db.Incidents.Include(i => i.Children).ThenInclude(l => l.Child).Where(i => i.Children.Any(l => l.ChildId == child.Id)).ToListAsync(cancellationToken))
            on.Add(Apply(i, [.. i.Children.Select(l => l.Child)], null, null, keepLater: false));
        Apply(child, [child], null, on.Max(), keepLater: true);
    }

    /// <summary>Brings the review of each of <paramref name="children"/> up to <paramref name="on"/> (a record about them was kept until then).</summary>
    public static void NoEarlierThan(IEnumerable<Child> children, LocalDate on)
    {
        foreach (var child in children)
            if (child.ReviewOn is null || child.ReviewOn < on) child.ReviewOn = on;
    }

    /// <summary>Whether some record has no review date yet (a database from before they were kept): <see cref="ApplyAsync"/> gives them one.</summary>
    public static Task<bool> IncompleteAsync(AppDbContext db, CancellationToken cancellationToken) => db.Subjects.AnyAsync(s => s.ReviewOn == null, cancellationToken);

    /// <summary>
    /// Works every record's group and review date out again (after a change of groups): the notices, episodes and
    /// incidents from their rows, then each child from their own and no earlier than their records'. Returns how many records.
    /// </summary>
    public async Task<int> ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        // Records from before review dates were kept: their last activity is their latest event.
        await db.Subjects.Where(s => s.LastActivityAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastActivityAt, s => db.Events.Where(e => e.SubjectId == s.Id).Max(e => (Instant?)e.At)), cancellationToken);
        var count = 0;
        count += await EachAsync(db, db.Notices.Include(n => n.Child), n => [n.Child], cancellationToken);
        count += await EachAsync(db, db.MissingEpisodes.Include(m => m.Child), m => [m.Child], cancellationToken);
        count += await EachAsync(db, db.Incidents.Include(i => i.Children).ThenInclude(l => l.Child), i => [.. i.Children.Select(l => l.Child)], cancellationToken);
        var floors = new Dictionary<long, LocalDate>();
        void Floor(long child, LocalDate? on)
        {
            if (on is { } day && (!floors.TryGetValue(child, out var known) || day > known)) floors[child] = day;
        }
        foreach (var r in await db.Notices.Select(n => new { n.ChildId, n.ReviewOn }).ToListAsync(cancellationToken)) Floor(r.ChildId, r.ReviewOn);
        foreach (var r in await db.MissingEpisodes.Select(m => new { m.ChildId, m.ReviewOn }).ToListAsync(cancellationToken)) Floor(r.ChildId, r.ReviewOn);
        foreach (var r in await db.IncidentChildren.Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => new { l.ChildId, i.ReviewOn }).ToListAsync(cancellationToken))
            Floor(r.ChildId, r.ReviewOn);
        long last = 0;
        while (true)
        {
            var batch = await db.Children.Where(c => c.Id > last).OrderBy(c => c.Id).Take(1000).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            foreach (var child in batch) Apply(child, [child], null, floors.TryGetValue(child.Id, out var f) ? f : null, keepLater: false);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += batch.Count;
            last = batch[^1].Id;
        }
        return count;
    }

    private async Task<int> EachAsync<T>(AppDbContext db, IQueryable<T> rows, Func<T, IEnumerable<Child>> children, CancellationToken cancellationToken) where T : Subject
    {
        long last = 0;
        var count = 0;
        while (true)
        {
            var batch = await rows.Where(s => s.Id > last).OrderBy(s => s.Id).Take(1000).ToListAsync(cancellationToken);
            if (batch.Count == 0) return count;
            foreach (var subject in batch) Apply(subject, children(subject), null, null, keepLater: false);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += batch.Count;
            last = batch[^1].Id;
        }
    }
}

/// <summary>The retention review queue and its decisions: what is due by a day, and keeping a record for another period.</summary>
public sealed class RetentionReviews(AppDbContext db, UnitOfWork work, Audit.AuditScope audit, RecordRetention retention, RecordErasure erasure, IClock clock)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(retention.Schedule.Zone).Date;

    public RetentionSchedule Schedule => retention.Schedule;

    /// <summary>The records due for review on <paramref name="on"/> (today by default), longest overdue first, with the true total.</summary>
    public async Task<Paged<RetentionDue>> DueAsync(LocalDate? on, string? kind, PageRequest page, CancellationToken cancellationToken = default)
    {
        var day = on ?? Today;
        var due = db.Subjects.AsNoTracking().Where(s => s.ReviewOn != null && s.ReviewOn <= day && s.ErasedAt == null && (kind == null || s.Kind == kind))
            // A record merged into another is reviewed with it.
            .Where(s => !db.Children.Any(c => c.Id == s.Id && c.MergedIntoId != null));
        var total = await due.CountAsync(cancellationToken);
        page = page.Within(total);
        var rows = await due.OrderBy(s => s.ReviewOn).ThenBy(s => s.Id).Skip(page.Skip).Take(page.Take)
            .Select(s => new { s.Kind, s.Reference, s.RetentionGroup, s.LastActivityAt, s.ReviewOn, s.KeptUntil }).ToListAsync(cancellationToken);
        var titles = retention.Schedule.Groups.ToDictionary(g => g.Name, g => g.Title, StringComparer.Ordinal);
        return new Paged<RetentionDue>(
            [.. rows.Select(r => new RetentionDue(r.Kind, r.Reference, r.RetentionGroup ?? "", titles.GetValueOrDefault(r.RetentionGroup ?? "", r.RetentionGroup ?? ""),
                r.LastActivityAt?.InZone(retention.Schedule.Zone).Date, r.ReviewOn!.Value, r.KeptUntil is not null))],
            total, page.Number, page.Take);
    }

    /// <summary>
    /// A review decides to erase the record's personal data (<see cref="RecordErasure"/>; a child's takes their records
    /// with it). Only a record due for review is erased here: a data-protection request has its own form and command.
    /// </summary>
    public async Task<ErasureResult> EraseAsync(string? kind, string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = Input.Reference(reference, "reference", errors);
        if (kind is not null && RecordErasure.Kinds.Contains(kind) && wanted is not null
            && await db.Subjects.AsNoTracking().SingleOrDefaultAsync(s => s.Reference == wanted && s.Kind == kind, cancellationToken) is { } subject)
            CheckDue(subject);
        return await erasure.EraseAsync(kind ?? "", reference, reason, author, justification, cancellationToken);
    }

    /// <summary>The refusal of a review's decision on a record that is not due for review (or is gone from the queue).</summary>
    private void CheckDue(Subject subject)
    {
        if (subject.ErasedAt is not null) throw new RuleException($"The {Records.Words(subject.Kind)} {subject.Reference} is already erased.", isConflict: true);
        if (subject is Children.Child { MergedIntoId: not null })
            throw new RuleException($"The child {subject.Reference} was merged into another record: review that one.", isConflict: true);
        if (subject.ReviewOn is not { } on || on > Today)
            throw new RuleException($"The {Records.Words(subject.Kind)} {subject.Reference} is not due for review{(subject.ReviewOn is { } next ? $" until {next:yyyy-MM-dd}" : "")}.", isConflict: false);
    }

    /// <summary>A review decides to keep the record: its next review is its group's period from today; the reason goes to the s.62 log.</summary>
    public async Task<LocalDate> KeepAsync(string? kind, string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is null || !RecordErasure.Kinds.Contains(kind)) errors["kind"] = [$"kind must be one of {string.Join(", ", RecordErasure.Kinds)}"];
        var wanted = Input.Reference(reference, "reference", errors);
        var why = Input.Text(reason, "reason", errors, RecordErasure.MaxReasonLength);
        if (why is null && !errors.ContainsKey("reason")) errors["reason"] = ["Say why the record is kept"];
        Input.ThrowIfAny(errors);
        audit.Declare(AuditAction.Alteration, kind!, $"{justification}: retention review, kept: {why}");
        return await work.RunAsync(kind!, async ct =>
        {
            var subject = await db.Subjects.SingleOrDefaultAsync(s => s.Reference == wanted && s.Kind == kind, ct)
                ?? throw new NotFoundException($"No {Records.Words(kind!)} has this reference.");
            CheckDue(subject);
            var group = retention.Schedule.Groups.FirstOrDefault(g => g.Name == subject.RetentionGroup) ?? retention.Schedule.Groups[^1];
            subject.KeptUntil = Today.PlusYears(group.ReviewAfterYears);
            subject.ReviewOn = subject.ReviewOn is { } on && on > subject.KeptUntil ? on : subject.KeptUntil;
            // The child it is about is not reviewed (and so erased, with it) before the record is.
            var children = subject switch
            {
                Notice n => await db.Children.Where(c => c.Id == n.ChildId).ToListAsync(ct),
                MissingEpisode m => await db.Children.Where(c => c.Id == m.ChildId).ToListAsync(ct),
                Incident i => await db.Children.Where(c => db.IncidentChildren.Any(l => l.IncidentId == i.Id && l.ChildId == c.Id)).ToListAsync(ct),
                _ => [],
            };
            RecordRetention.NoEarlierThan(children, subject.ReviewOn.Value);
            audit.Touch(subject.Kind, subject.Reference, author, created: false);
            return subject.ReviewOn.Value;
        }, cancellationToken);
    }
}
