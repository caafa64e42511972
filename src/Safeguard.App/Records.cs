namespace Safeguard.App;

/// <summary>The kinds of record Safeguard holds about children, and the page of each (pages, emails and webhooks link to them).</summary>
public static class Records
{
    public const string Incident = "incident";
    public const string Notice = "notice";
    public const string Missing = "missing";
    public const string Child = "child";

    /// <summary>A kind of record in words ("missing episode").</summary>
    public static string Words(string kind) => kind switch
    {
        Incident => "incident",
        Notice => "notice",
        Missing => "missing episode",
        Child => "child",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of record."),
    };

    /// <summary>The page of a record, relative to the site; references only, never personal data.</summary>
    public static string PathOf(string kind, string reference) => kind switch
    {
        Incident => "/Incidents/",
        Notice => "/Notices/",
        Missing => "/Missing/",
        Child => "/Children/",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of record."),
    } + Uri.EscapeDataString(reference);
}
