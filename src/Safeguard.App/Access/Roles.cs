namespace Safeguard.App.Access;

/// <summary>
/// The roles of DESIGN.md ("Security and data protection"). Authorisation is deny-by-default: a page or endpoint
/// names the roles it serves. <see cref="CommandAndControl"/> is the machine client that sends incidents.
/// </summary>
public static class Roles
{
    public const string CallHandler = "call-handler";
    public const string ResponseOfficer = "response-officer";
    public const string Supervisor = "supervisor";
    public const string MashPractitioner = "mash-practitioner";
    public const string Investigator = "investigator";
    public const string MissingCoordinator = "missing-coordinator";
    public const string PartnerAgency = "partner-agency";
    public const string Analyst = "analyst";
    public const string Inspector = "inspector";
    public const string Administrator = "administrator";
    public const string CommandAndControl = "command-and-control";

    public static IReadOnlyList<string> People { get; } =
    [
        CallHandler, ResponseOfficer, Supervisor, MashPractitioner, Investigator, MissingCoordinator, PartnerAgency,
        Analyst, Inspector, Administrator,
    ];

    public static IReadOnlyList<string> All { get; } = [.. People, CommandAndControl];

    /// <summary>Who may read performance figures.</summary>
    public static IReadOnlyList<string> PerformanceReaders { get; } = [Supervisor, Analyst, Inspector, Administrator];

    /// <summary>Who may read incidents and their clocks.</summary>
    public static IReadOnlyList<string> IncidentReaders { get; } =
        [CallHandler, ResponseOfficer, Supervisor, MashPractitioner, Investigator, Analyst, Inspector, Administrator, CommandAndControl];

    /// <summary>Who watches the control-room board.</summary>
    public static IReadOnlyList<string> BoardWatchers { get; } = [CallHandler, ResponseOfficer, Supervisor, Administrator];

    /// <summary>Who may report missing episodes and record what happens in them.</summary>
    public static IReadOnlyList<string> MissingWriters { get; } =
        [MissingCoordinator, CallHandler, ResponseOfficer, Supervisor, Administrator, CommandAndControl];

    /// <summary>Who may read missing episodes and children's missing history.</summary>
    public static IReadOnlyList<string> MissingReaders { get; } =
        [MissingCoordinator, CallHandler, ResponseOfficer, Supervisor, Investigator, Analyst, Inspector, Administrator, CommandAndControl];

    /// <summary>Who may read public protection notices; partner-agency users only those shared with their agency.</summary>
    public static IReadOnlyList<string> NoticeReaders { get; } = [MashPractitioner, Investigator, Supervisor, Inspector, Administrator, PartnerAgency];

    /// <summary>Who may read a child's record: force staff who work with children's notices or missing episodes; never partners.</summary>
    public static IReadOnlyList<string> ChildReaders { get; } =
        [MashPractitioner, Investigator, MissingCoordinator, CallHandler, ResponseOfficer, Supervisor, Inspector, Administrator];

    /// <summary>Who may record a child's details and the voice of the child on a contact.</summary>
    public static IReadOnlyList<string> ChildWriters { get; } = [ResponseOfficer, Investigator, MashPractitioner, MissingCoordinator, Supervisor, Administrator];

    /// <summary>Who may read the s.62 log of who used a record (the data-protection function).</summary>
    public static IReadOnlyList<string> AuditReaders { get; } = [Administrator];

    /// <summary>Who may submit a public protection notice.</summary>
    public static IReadOnlyList<string> NoticeSubmitters { get; } = [ResponseOfficer, Investigator, Supervisor, MashPractitioner, Administrator];

    /// <summary>Who reviews notices in the MASH and shares them with partners.</summary>
    public static IReadOnlyList<string> MashStaff { get; } = [MashPractitioner, Supervisor, Administrator];

    /// <summary>
    /// The people who may open a board that updates itself (the control room's, the MASH queue, the coordinator's), so may
    /// be told that one changed; never partners.
    /// </summary>
    public static IReadOnlyList<string> LiveBoardWatchers { get; } = [.. BoardWatchers.Union(MashStaff).Union(MissingReaders).Where(People.Contains)];

    /// <summary>Who may record that a child-involved incident needs no public protection notice: a supervisor's judgement.</summary>
    public static IReadOnlyList<string> NoticeDeciders { get; } = [Supervisor];

    /// <summary>Who may name a child involved in an incident from its page (command and control names children through the API).</summary>
    public static IReadOnlyList<string> ChildNamers { get; } = [CallHandler, ResponseOfficer, Investigator, MashPractitioner, MissingCoordinator, Supervisor];

    /// <summary>Who may create incidents and append their events.</summary>
    public static IReadOnlyList<string> IncidentWriters { get; } = [CallHandler, Supervisor, Administrator, CommandAndControl];
}
