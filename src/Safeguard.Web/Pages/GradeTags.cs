namespace Safeguard.Web.Pages;

/// <summary>
/// A grade's tag colour, the one place for it: colours apart from the clock states' (red, orange, blue), so a grade is
/// never read as a status — immediate pink, priority yellow, scheduled turquoise, resolution grey.
/// </summary>
public static class GradeTags
{
    public static string Colour(string grade) => grade switch
    {
        "immediate" => "pink",
        "priority" => "yellow",
        "scheduled" => "turquoise",
        _ => "grey",
    };
}
