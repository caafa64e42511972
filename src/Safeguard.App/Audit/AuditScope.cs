using Safeguard.Domain.Audit;

namespace Safeguard.App.Audit;

/// <summary>
/// The change being written in this scope — a unit of work or an import — and what the s.62 log will say about it:
/// the host declares why (the caller's roles and purpose) and what the use is (a disclosure, an alteration…) before the
/// use case runs; the store notes each record the change writes an event to; the unit of work writes one entry per
/// record and kind of use in the change's own transaction (<see cref="AuditTrail.AppendAsync"/>).
/// </summary>
public sealed class AuditScope
{
    private readonly Dictionary<(string Kind, string Reference), (string Who, bool Created)> _touched = [];

    /// <summary>The change being written, or null outside one.</summary>
    public Guid? Change { get; private set; }

    public string? Justification { get; private set; }

    /// <summary>The use the host declared and the kinds of record it is of (e.g. a disclosure of a notice).</summary>
    public (AuditAction Action, IReadOnlySet<string> Subjects)? Declared { get; private set; }

    /// <summary>Says why the coming change is made and what use of which kinds of record it is (an erasure reaches several).</summary>
    public void Declare(AuditAction action, string subject, string justification, params string[] alsoOf) =>
        (Declared, Justification) = ((action, new HashSet<string>([subject, .. alsoOf], StringComparer.Ordinal)), justification);

    /// <summary>Starts a change: every event written until <see cref="End"/> carries its id.</summary>
    public Guid Begin()
    {
        if (Change is not null) throw new InvalidOperationException("A change is already being written in this scope.");
        _touched.Clear();
        Change = Guid.NewGuid();
        return Change.Value;
    }

    public void End()
    {
        Change = null;
        _touched.Clear();
    }

    /// <summary>The change an event is being written in; an event outside one would have no s.62 entry, so it cannot be written.</summary>
    public Guid Require() => Change ?? throw new InvalidOperationException("An event can be written only inside a unit of work or an import.");

    /// <summary>Notes that the change wrote an event to this record (<paramref name="created"/>: its first).</summary>
    public void Touch(string kind, string reference, string who, bool created)
    {
        var key = (kind, reference);
        _touched[key] = _touched.TryGetValue(key, out var seen) ? (seen.Who, seen.Created || created) : (who, created);
    }

    /// <summary>
    /// One entry per record the change wrote to: a record it created was collected; one of the declared kind had the
    /// declared use; any other it touched was altered.
    /// </summary>
    public IReadOnlyList<AuditRecord> Entries(string fallbackJustification)
    {
        var change = Require();
        return
        [
            .. _touched.Select(t => new AuditRecord(t.Value.Who,
                t.Value.Created ? AuditAction.Collection : Declared is { } d && d.Subjects.Contains(t.Key.Kind) ? d.Action : AuditAction.Alteration,
                t.Key.Kind, t.Key.Reference, Justification ?? fallbackJustification, change)),
        ];
    }
}

/// <summary>An entry to be written: the chain gives it its sequence, instant and hashes.</summary>
public sealed record AuditRecord(string Who, AuditAction Action, string Subject, string Reference, string Justification, Guid? Change = null);
