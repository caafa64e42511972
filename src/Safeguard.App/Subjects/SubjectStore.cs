using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

/// <summary>
/// The one store of every subject: it loads a subject with its events and ledger rows, folds the events through the
/// subject's model, checks and appends new events, writes the projection and synchronises the ledger. It writes
/// nothing itself: the caller's unit of work saves everything it did in one transaction.
/// </summary>
public sealed class SubjectStore(AppDbContext db, PolicyVersions policies, ClockLedger ledger, Audit.AuditScope audit, Retention.RecordRetention retention)
{
    private readonly Dictionary<string, Child> _children = new(StringComparer.Ordinal);

    /// <summary>Children made for untracked subjects and not yet written: the bulk writer writes them with the subjects.</summary>
    private readonly HashSet<Child> _unwritten = new(ReferenceEqualityComparer.Instance);

    public AppDbContext Db => db;

    public ClockLedger Ledger => ledger;

    public async Task<Loaded<TSubject, TState>?> FindAsync<TSubject, TState>(SubjectModel<TSubject, TState> model, string reference, CancellationToken cancellationToken)
        where TSubject : Subject where TState : class =>
        (await FindManyAsync(model, [reference], cancellationToken)).GetValueOrDefault(reference);

    /// <summary>The subjects of these references that exist, tracked, with their state and ledger rows.</summary>
    public async Task<Dictionary<string, Loaded<TSubject, TState>>> FindManyAsync<TSubject, TState>(SubjectModel<TSubject, TState> model,
        IReadOnlyCollection<string> references, CancellationToken cancellationToken)
        where TSubject : Subject where TState : class
    {
        var found = new Dictionary<string, Loaded<TSubject, TState>>(StringComparer.Ordinal);
        if (references.Count == 0) return found;
        var subjects = await model.Including(db.Set<TSubject>()).Where(s => references.Contains(s.Reference))
            .Include(s => s.Events).Include(s => s.Clocks).AsSplitQuery().ToListAsync(cancellationToken);
        foreach (var subject in subjects)
        {
            TState? state = null;
            foreach (var row in subject.Events.OrderBy(e => e.Sequence))
            {
                var e = EventCodec.Read(model.Kind, row);
                if (e is not ClockEscalated) state = model.Apply(state, e);
            }
            found[subject.Reference] = new Loaded<TSubject, TState>(subject, state);
        }
        return found;
    }

    /// <summary>A new subject, tracked; it exists once its first event is appended and the unit of work saves.</summary>
    public Loaded<TSubject, TState> Create<TSubject, TState>(SubjectModel<TSubject, TState> model, string reference)
        where TSubject : Subject where TState : class
    {
        var subject = model.New(reference);
        db.Add(subject);
        if (subject is Child child) _children[reference] = child;
        return new Loaded<TSubject, TState>(subject, null);
    }

    /// <summary>
    /// A new subject the change tracker does not hold (<see cref="Loaded{TSubject,TState}.Untracked"/>): appended to as
    /// any other, then written with what it reaches by <see cref="Data.BulkInsert"/>; the children it names for the
    /// first time are made untracked too, to be written with it.
    /// </summary>
    public Loaded<TSubject, TState> CreateUntracked<TSubject, TState>(SubjectModel<TSubject, TState> model, string reference)
        where TSubject : Subject where TState : class =>
        new(model.New(reference), null) { Untracked = true };

    /// <summary>
    /// Writes the untracked subjects of a batch, with everything new they reach, through <paramref name="bulk"/>; then
    /// the children made for them are tracked as they now stand (their key set), so a tracked record naming one refers
    /// to it rather than adding it again, and a child only tracked records name (the writer never reached it: its key
    /// unset) is added for the change tracker to write. Called once a batch, even with no subject, for that second part.
    /// </summary>
    public async Task WriteUntrackedAsync(Data.BulkInsert bulk, IEnumerable<Subject> subjects, CancellationToken cancellationToken)
    {
        await bulk.InsertAsync(subjects, cancellationToken);
        foreach (var child in _unwritten) db.Attach(child);
        _unwritten.Clear();
    }

    /// <summary>Checks <paramref name="e"/> against the subject's rules, then appends it (a broken rule throws <see cref="RuleException"/>).</summary>
    public Task RecordAsync<TSubject, TState>(SubjectModel<TSubject, TState> model, Loaded<TSubject, TState> loaded, SubjectEvent e, Instant now,
        CancellationToken cancellationToken)
        where TSubject : Subject where TState : class
    {
        if (model.Check(loaded.State, e, now) is { } violation) throw new RuleException(violation.Message, violation.IsConflict);
        return AppendAsync(model, loaded, e, now, cancellationToken);
    }

    /// <summary>Appends <paramref name="e"/> without checking it (a file's statement of facts), projects and synchronises the ledger.</summary>
    public async Task AppendAsync<TSubject, TState>(SubjectModel<TSubject, TState> model, Loaded<TSubject, TState> loaded, SubjectEvent e, Instant now,
        CancellationToken cancellationToken)
        where TSubject : Subject where TState : class
    {
        var state = model.Apply(loaded.State, e);
        loaded.State = state;
        audit.Touch(model.Kind, loaded.Subject.Reference, e.Author, created: loaded.Subject.EventCount == 0);
        Write(model.Kind, loaded.Subject, e, now, audit.Require());
        var children = await ChildrenAsync(model.ChildrenOf(state), cancellationToken, untracked: loaded.Untracked);
        model.Project(loaded.Subject, state, children);
        retention.Review(loaded.Subject, [.. children.Values], e.At);
        await ledger.SyncAsync(loaded.Subject, policy => model.Obligations(loaded.Subject, state, policy), children, e.Author, now, cancellationToken);
    }

    /// <summary>
    /// Works the subject's projection and ledger rows out again without a new event, when something outside its history
    /// they depend on changed (a child's date of birth, for Operation Encompass; a child merged into another).
    /// </summary>
    public async Task RefreshAsync<TSubject, TState>(SubjectModel<TSubject, TState> model, Loaded<TSubject, TState> loaded, string author, Instant now,
        CancellationToken cancellationToken)
        where TSubject : Subject where TState : class
    {
        var state = loaded.Current;
        var children = await ChildrenAsync(model.ChildrenOf(state), cancellationToken);
        model.Project(loaded.Subject, state, children);
        retention.Review(loaded.Subject, [.. children.Values], null);
        await ledger.SyncAsync(loaded.Subject, policy => model.Obligations(loaded.Subject, state, policy), children, author, now, cancellationToken);
    }

    private static void Write(string kind, Subject subject, SubjectEvent e, Instant now, Guid? change)
    {
        if (subject.EventCount == 0) subject.RecordedAt = now;
        subject.EventCount++;
        subject.Version++;
        subject.Events.Add(RowOf(kind, subject.EventCount, e, now, change));
    }

    /// <summary>
    /// The stored row of an event: its place in the subject's history, its kind and JSON (<see cref="EventCodec"/>), and
    /// the change it belongs to. The one way events become rows, for the store and for the engine's set-based batches.
    /// </summary>
    public static EventRecord RowOf(string kind, int sequence, SubjectEvent e, Instant now, Guid? change) => new()
    {
        Sequence = sequence,
        Kind = EventCodec.KindOf(e),
        At = e.At,
        RecordedAt = now,
        Author = e.Author,
        Reason = e.Reason,
        Data = EventCodec.Write(kind, e),
        Change = change,
    };

    /// <summary>
    /// The children with these references, tracked: those already known, then those in the database, then new records
    /// for the rest (a child record is created for a new reference; <paramref name="untracked"/>, for an untracked
    /// subject, to be written with it).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Child>> ChildrenAsync(IEnumerable<string> references, CancellationToken cancellationToken, bool untracked = false)
    {
        var wanted = references.Distinct(StringComparer.Ordinal).ToList();
        // A child the change tracker has let go (an import clears it between batches) is looked up again; one still to be written is kept.
        var missing = wanted.Where(r => !_children.TryGetValue(r, out var known) || (!_unwritten.Contains(known) && db.Entry(known).State == EntityState.Detached)).ToList();
        foreach (var reference in missing) _children.Remove(reference);
        if (missing.Count > 0)
        {
            foreach (var child in await db.Children.Where(c => missing.Contains(c.Reference)).ToListAsync(cancellationToken))
                _children[child.Reference] = child;
            foreach (var reference in missing.Where(r => !_children.ContainsKey(r)))
            {
                var child = new Child { Reference = reference };
                if (untracked) _unwritten.Add(child);
                else db.Children.Add(child);
                _children[reference] = child;
            }
        }
        // A child merged into another stands for that other everywhere it is named (ChildMerging).
        var result = new Dictionary<string, Child>(StringComparer.Ordinal);
        foreach (var reference in wanted)
        {
            var child = _children[reference];
            if (child.MergedIntoId is { } into)
                child = await db.Children.FindAsync([into], cancellationToken) ?? throw new InvalidOperationException("A merged child's record is missing.");
            result[reference] = child;
        }
        return result;
    }

    /// <summary>The policy new clocks start under.</summary>
    public Domain.Clocks.SafeguardPolicy Policy => policies.Current;
}
