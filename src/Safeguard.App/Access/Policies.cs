namespace Safeguard.App.Access;

/// <summary>
/// What a caller may do, each a policy by name (the capabilities of docs/access.md), and the roles each admits. An API
/// key's scopes are policy names too.
/// </summary>
public static class Policies
{
    public const string ReadPerformance = "read-performance";
    public const string ReadIncidents = "read-incidents";
    public const string WriteIncidents = "write-incidents";
    public const string WatchBoard = "watch-board";
    public const string WatchLiveBoards = "watch-live-boards";
    public const string ReadMissing = "read-missing";
    public const string WriteMissing = "write-missing";
    public const string ReadNotices = "read-notices";
    public const string AcknowledgeNotices = "acknowledge-notices";
    public const string SubmitNotices = "submit-notices";
    public const string ReviewNotices = "review-notices";
    public const string ReadChildren = "read-children";
    public const string WriteChildren = "write-children";
    public const string ReadAudit = "read-audit";
    public const string DecideNoticeNeed = "decide-notice-need";
    public const string NameChildren = "name-children";
    public const string Administer = "administer";
    public const string EraseRecords = "erase-records";
    public const string RestrictRecords = "restrict-records";
    public const string MergeChildren = "merge-children";
    public const string ReviewRetention = "review-retention";
    public const string AuditCases = "audit-cases";
    public const string ManageRecommendations = "manage-recommendations";

    /// <summary>
    /// Every policy and the roles it admits: the one table the server enforces, the one docs/access.md shows (a test holds
    /// them equal, and every endpoint and page to them).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Admits { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [ReadPerformance] = Access.Roles.PerformanceReaders,
        [ReadIncidents] = Access.Roles.IncidentReaders,
        [WriteIncidents] = Access.Roles.IncidentWriters,
        [WatchBoard] = Access.Roles.BoardWatchers,
        [WatchLiveBoards] = Access.Roles.LiveBoardWatchers,
        [ReadMissing] = Access.Roles.MissingReaders,
        [WriteMissing] = Access.Roles.MissingWriters,
        [ReadNotices] = Access.Roles.NoticeReaders,
        [AcknowledgeNotices] = [Access.Roles.PartnerAgency],
        [SubmitNotices] = Access.Roles.NoticeSubmitters,
        [ReviewNotices] = Access.Roles.MashStaff,
        [ReadChildren] = Access.Roles.ChildReaders,
        [WriteChildren] = Access.Roles.ChildWriters,
        [ReadAudit] = Access.Roles.AuditReaders,
        [DecideNoticeNeed] = Access.Roles.NoticeDeciders,
        [NameChildren] = Access.Roles.ChildNamers,
        [Administer] = Access.Roles.Administrators,
        [EraseRecords] = Access.Roles.DataProtection,
        [RestrictRecords] = Access.Roles.DataProtection,
        [MergeChildren] = Access.Roles.DataProtection,
        [ReviewRetention] = Access.Roles.DataProtection,
        [AuditCases] = Access.Roles.CaseAuditors,
        [ManageRecommendations] = Access.Roles.RecommendationKeepers,
    };

    /// <summary>The policy that lets one read a record of this kind (<see cref="App.Records"/>).</summary>
    public static string ToRead(string kind) => kind switch
    {
        Records.Incident => ReadIncidents,
        Records.Notice => ReadNotices,
        Records.Missing => ReadMissing,
        Records.Child => ReadChildren,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of record."),
    };
}
