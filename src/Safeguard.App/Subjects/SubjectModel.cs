using NodaTime;
using Safeguard.App.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Subjects;

/// <summary>
/// What the store needs to know of one kind of subject: how to make its row, fold its events (the domain's rules),
/// check a new one, write the projection, and derive its obligations. Each feature has one (incidents, notices, missing
/// episodes, children); the store does the rest the same way for all of them.
/// </summary>
public abstract class SubjectModel<TSubject, TState>
    where TSubject : Subject
    where TState : class
{
    public abstract string Kind { get; }

    public abstract TSubject New(string reference);

    /// <summary>What to load with the subject beyond its events and clocks (its child, its named children).</summary>
    public virtual IQueryable<TSubject> Including(IQueryable<TSubject> subjects) => subjects;

    /// <summary>The state after <paramref name="e"/> (one of this kind's events; never <see cref="ClockEscalated"/>).</summary>
    public abstract TState Apply(TState? state, SubjectEvent e);

    /// <summary>Why <paramref name="e"/> may not be appended at <paramref name="now"/>, or null.</summary>
    public abstract RuleViolation? Check(TState? state, SubjectEvent e, Instant now);

    /// <summary>The children the state names (by reference), so the store has their rows before projecting.</summary>
    public virtual IEnumerable<string> ChildrenOf(TState state) => [];

    /// <summary>Writes the subject's projected columns from its state; <paramref name="children"/> has every child named.</summary>
    public abstract void Project(TSubject subject, TState state, IReadOnlyDictionary<string, Child> children);

    /// <summary>What the subject owes under <paramref name="policy"/>.</summary>
    public abstract IReadOnlyList<Obligation> Obligations(TSubject subject, TState state, SafeguardPolicy policy);
}

/// <summary>A subject loaded for a change: its tracked row and its state, folded from its events.</summary>
public sealed class Loaded<TSubject, TState>(TSubject subject, TState? state)
    where TSubject : Subject
    where TState : class
{
    public TSubject Subject { get; } = subject;

    /// <summary>Null only for a subject created in this unit of work that has no event yet.</summary>
    public TState? State { get; internal set; } = state;

    public TState Current => State ?? throw new InvalidOperationException("The subject has no history yet.");

    /// <summary>
    /// A new subject the change tracker does not hold: the caller writes it, with everything new it reaches, through
    /// <see cref="Data.BulkInsert"/> (an import's new records).
    /// </summary>
    public bool Untracked { get; init; }
}
