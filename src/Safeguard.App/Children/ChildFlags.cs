namespace Safeguard.App.Children;

/// <summary>
/// The flags on a child's record that change how the force responds: shown on the record, and on an incident to those
/// who attend it (who see the flags, not the record).
/// </summary>
public sealed record ChildFlags(bool ChildProtectionPlan, bool LookedAfter, bool ExploitationRisk, bool RepeatMissing, bool EscalatingConcern)
{
    public static readonly ChildFlags None = new(false, false, false, false, false);

    public static ChildFlags Of(Child child) => new(child.ChildProtectionPlan, child.LookedAfter, child.ExploitationRisk, child.RepeatMissingSince is not null,
        child.EscalatingConcernSince is not null);

    /// <summary>Each flag that is set, in words, with the colour of its tag.</summary>
    public IEnumerable<(string Words, string Colour)> Set()
    {
        if (ChildProtectionPlan) yield return ("Child protection plan", "red");
        if (LookedAfter) yield return ("Looked after", "purple");
        if (ExploitationRisk) yield return ("Exploitation risk", "orange");
        if (RepeatMissing) yield return ("Repeat missing", "yellow");
        if (EscalatingConcern) yield return ("Escalating concern", "yellow");
    }
}
