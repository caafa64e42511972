using Safeguard.Domain.Inspection;

namespace Safeguard.Web.Pages.Inspection;

/// <summary>The colour of a measure's standing or an action's state, wherever a page shows it (the words are the domain's).</summary>
public static class Standing
{
    public static string Tag(MeasureStanding standing) => standing switch
    {
        MeasureStanding.OnTrack => "govuk-tag--green",
        MeasureStanding.OffTrack => "govuk-tag--red",
        MeasureStanding.NoData => "govuk-tag--grey",
    };

    public static string Tag(ActionState state) => state switch
    {
        ActionState.Done => "govuk-tag--green",
        ActionState.Overdue => "govuk-tag--red",
        ActionState.Open => "govuk-tag--blue",
    };
}
