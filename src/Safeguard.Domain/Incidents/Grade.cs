namespace Safeguard.Domain.Incidents;

/// <summary>The command-and-control response grade. The numeric value is the national grade number.</summary>
public enum Grade
{
    Immediate = 1,
    Priority = 2,
    Scheduled = 3,
    Resolution = 4,
}

public static class Grades
{
    /// <summary>
    /// Reads a grade as files and systems write it: <c>emergency</c> or <c>immediate</c>, <c>priority</c>,
    /// <c>scheduled</c>, <c>resolution</c>, or <c>1</c>–<c>4</c>; any case.
    /// </summary>
    public static bool TryParse(string? text, out Grade grade)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "emergency" or "immediate" or "1":
                grade = Grade.Immediate;
                return true;
            case "priority" or "2":
                grade = Grade.Priority;
                return true;
            case "scheduled" or "3":
                grade = Grade.Scheduled;
                return true;
            case "resolution" or "4":
                grade = Grade.Resolution;
                return true;
            default:
                grade = default;
                return false;
        }
    }

    /// <summary>The lower-case name used in reports and the API.</summary>
    public static string Name(this Grade grade) => grade switch
    {
        Grade.Immediate => "immediate",
        Grade.Priority => "priority",
        Grade.Scheduled => "scheduled",
        Grade.Resolution => "resolution",
    };

    /// <summary>True when <paramref name="to"/> is a less urgent response than <paramref name="from"/>.</summary>
    public static bool IsDowngrade(Grade from, Grade to) => (int)to > (int)from;
}

/// <summary>Which grade compliance is measured on. Initial by default, so a downgrade cannot improve the figure.</summary>
public enum GradeBasis
{
    Initial,
    Final,
}
