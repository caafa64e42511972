namespace Safeguard.App.Access;

/// <summary>
/// The roles of DESIGN.md ("Security and data protection"). Authorisation is deny-by-default: a page or endpoint
/// names the roles it serves, following need-to-know (docs/access.md is the table, checked by a test). The machine roles
/// (<see cref="Machines"/>) are held only by API keys; administration (users, agencies, keys, the s.62 log) is apart
/// from operational writes.
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

    /// <summary>A machine client that reads the performance figures (a force's dashboard); nothing else.</summary>
    public const string ReportingClient = "reporting-client";

    public static IReadOnlyList<string> People { get; } =
    [
        CallHandler, ResponseOfficer, Supervisor, MashPractitioner, Investigator, MissingCoordinator, PartnerAgency,
        Analyst, Inspector, Administrator,
    ];

    /// <summary>The roles only API keys hold.</summary>
    public static IReadOnlyList<string> Machines { get; } = [CommandAndControl, ReportingClient];

    public static IReadOnlyList<string> All { get; } = [.. People, .. Machines];

    /// <summary>Who may read performance figures and the references behind them.</summary>
    public static IReadOnlyList<string> PerformanceReaders { get; } = [Supervisor, Analyst, Inspector, Administrator, ReportingClient];

    /// <summary>
    /// Who may read incidents, their clocks, notes and history. Not the analyst (figures and references are theirs, not the
    /// THRIVE notes); command and control reads back what it sent.
    /// </summary>
    public static IReadOnlyList<string> IncidentReaders { get; } =
        [CallHandler, ResponseOfficer, Supervisor, MashPractitioner, Investigator, Inspector, Administrator, CommandAndControl];

    /// <summary>Who watches the control-room board: the control room.</summary>
    public static IReadOnlyList<string> BoardWatchers { get; } = [CallHandler, ResponseOfficer, Supervisor];

    /// <summary>Who may report missing episodes and record what happens in them.</summary>
    public static IReadOnlyList<string> MissingWriters { get; } =
        [MissingCoordinator, CallHandler, ResponseOfficer, Supervisor, CommandAndControl];

    /// <summary>
    /// Who may read missing episodes in full (where the child was found, the exploitation indicators) and children's missing
    /// history. Not the analyst, nor command and control: the report's figures carry what they need.
    /// </summary>
    public static IReadOnlyList<string> MissingReaders { get; } =
        [MissingCoordinator, CallHandler, ResponseOfficer, Supervisor, Investigator, Inspector, Administrator];

    /// <summary>Who may read public protection notices; partner-agency users only those shared with their agency.</summary>
    public static IReadOnlyList<string> NoticeReaders { get; } = [MashPractitioner, Investigator, Supervisor, Inspector, Administrator, PartnerAgency];

    /// <summary>
    /// Who may read a child's record (name, date of birth, school, the child's own words) and chronology: force staff who
    /// work with the child; never partners. A call handler sees on the incident that a child is involved and the flags that
    /// matter for attendance, not the record.
    /// </summary>
    public static IReadOnlyList<string> ChildReaders { get; } =
        [MashPractitioner, Investigator, MissingCoordinator, ResponseOfficer, Supervisor, Inspector, Administrator];

    /// <summary>Who may record a child's details and the voice of the child on a contact.</summary>
    public static IReadOnlyList<string> ChildWriters { get; } = [ResponseOfficer, Investigator, MashPractitioner, MissingCoordinator, Supervisor];

    /// <summary>Who may read the s.62 log of who used a record (the data-protection function).</summary>
    public static IReadOnlyList<string> AuditReaders { get; } = [Administrator];

    /// <summary>
    /// Who draws case-file audit samples, audits the cases and moderates each other's audits: supervisors (the force's
    /// own quality assurance) and inspectors (an inspection audits cases). Each case is read on its own record's page,
    /// under that record's own policy.
    /// </summary>
    public static IReadOnlyList<string> CaseAuditors { get; } = [Supervisor, Inspector];

    /// <summary>Who keeps the recommendation tracker: recommendations, action plans, status and measures.</summary>
    public static IReadOnlyList<string> RecommendationKeepers { get; } = [Supervisor, Analyst];

    /// <summary>Who may submit a public protection notice.</summary>
    public static IReadOnlyList<string> NoticeSubmitters { get; } = [ResponseOfficer, Investigator, Supervisor, MashPractitioner];

    /// <summary>Who reviews notices in the MASH and shares them with partners.</summary>
    public static IReadOnlyList<string> MashStaff { get; } = [MashPractitioner, Supervisor];

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
    public static IReadOnlyList<string> IncidentWriters { get; } = [CallHandler, Supervisor, CommandAndControl];

    /// <summary>
    /// The data-protection function: erases, restricts and merges records on a request, and reviews what is due for
    /// retention review. No operational write comes with it.
    /// </summary>
    public static IReadOnlyList<string> DataProtection { get; } = [Administrator];

    /// <summary>Who administers: people's accounts, agencies, API keys, deliveries. No operational write comes with it.</summary>
    public static IReadOnlyList<string> Administrators { get; } = [Administrator];
}
