using Microsoft.EntityFrameworkCore;
using Safeguard.App.Data;
using Safeguard.App.Subjects;
using Safeguard.Domain.Audit;

namespace Safeguard.App.Children;

/// <summary>
/// Restricts a child's record (UK GDPR Art. 18, DPA 2018 s.47(2)): while a request is weighed — an accuracy dispute, an
/// objection — the record is kept but neither shown nor changed. Its page and the API answer only that it is restricted
/// (the data-protection function still reads it), and its details cannot be changed. What protects the child goes on
/// (Art. 18(2): the protection of another's rights and an important public interest): new incidents, notices, missing
/// reports and contacts with the child are recorded and their clocks run. Restricting and lifting, with the
/// reason, are in the s.62 log.
/// </summary>
public sealed class ChildRestriction(AppDbContext db, UnitOfWork work, Audit.AuditScope audit, NodaTime.IClock clock)
{
    public Task RestrictAsync(string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default) =>
        SetAsync(reference, reason, restrict: true, author, justification, cancellationToken);

    public Task LiftAsync(string? reference, string? reason, string author, string justification, CancellationToken cancellationToken = default) =>
        SetAsync(reference, reason, restrict: false, author, justification, cancellationToken);

    private async Task SetAsync(string? reference, string? reason, bool restrict, string author, string justification, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var wanted = Input.Reference(reference, "reference", errors);
        var why = Input.Text(reason, "reason", errors, Child.MaxReasonLength);
        if (why is null && !errors.ContainsKey("reason")) errors["reason"] = [restrict ? "Say why the record is restricted" : "Say why the restriction is lifted"];
        Input.ThrowIfAny(errors);
        audit.Declare(AuditAction.Alteration, Records.Child, $"{justification}: {(restrict ? "restricted" : "restriction lifted")}: {why}");
        await work.RunAsync("child", async ct =>
        {
            var child = await db.Children.SingleOrDefaultAsync(c => c.Reference == wanted, ct) ?? throw new NotFoundException("No child has this reference.");
            if (child.MergedIntoId is not null) throw new RuleException("This record is merged into another: restrict that one.", isConflict: true);
            if (restrict && child.RestrictedAt is not null) throw new RuleException("The record is already restricted.", isConflict: true);
            if (!restrict && child.RestrictedAt is null) throw new RuleException("The record is not restricted.", isConflict: true);
            (child.RestrictedAt, child.RestrictionReason) = restrict ? (clock.GetCurrentInstant(), why) : ((NodaTime.Instant?)null, (string?)null);
            audit.Touch(Records.Child, child.Reference, author, created: false);
            return true;
        }, cancellationToken);
    }

    /// <summary>The refusal of a change to a restricted or merged child's own record.</summary>
    public static void CheckWritable(Child child)
    {
        if (child.RestrictedAt is not null)
            throw new RuleException("This child's record is restricted (UK GDPR Art. 18): it is kept, but not changed until the restriction is lifted.", isConflict: true);
        if (child.MergedIntoId is not null) throw new RuleException("This child's record is merged into another: record it there.", isConflict: true);
    }
}
