using NodaTime;
using Safeguard.App.Subjects;
using Safeguard.Domain.Children;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Children;

/// <summary>A child's own record as a subject: details and contacts. It owes nothing itself; the clocks about a child live on its incidents, notices and episodes.</summary>
public sealed class ChildModel : SubjectModel<Child, ChildState>
{
    public override string Kind => Records.Child;

    public override Child New(string reference) => new() { Reference = reference };

    public override ChildState Apply(ChildState? state, SubjectEvent e) => ChildState.Apply(state, (ChildEvent)e);

    public override RuleViolation? Check(ChildState? state, SubjectEvent e, Instant now) => e switch
    {
        ChildContacted c => ChildRules.Check(c.Contact, now),
        _ => e.At > now + Domain.Incidents.IncidentHistory.ClockSkew ? new RuleViolation("An event cannot be recorded before it has happened.") : null,
    };

    public override void Project(Child child, ChildState state, IReadOnlyDictionary<string, Child> children)
    {
        var d = state.Details;
        (child.Name, child.DateOfBirth, child.School, child.ChildProtectionPlan, child.LookedAfter, child.ExploitationRisk) =
            (d.Name, d.DateOfBirth, d.School, d.ChildProtectionPlan, d.LookedAfter, d.ExploitationRisk);
    }

    public override IReadOnlyList<Obligation> Obligations(Child child, ChildState state, SafeguardPolicy policy) => [];
}
