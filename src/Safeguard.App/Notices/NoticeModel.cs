using Microsoft.EntityFrameworkCore;
using NodaTime;
using Safeguard.App.Children;
using Safeguard.App.Subjects;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Notices;
using Safeguard.Domain.Subjects;

namespace Safeguard.App.Notices;

/// <summary>Notices as subjects: the domain's fold, rules and obligations (<see cref="NoticeRules"/>), and the projection.</summary>
public sealed class NoticeModel : SubjectModel<Notice, NoticeFacts>
{
    public override string Kind => Records.Notice;

    public override Notice New(string reference) => new() { Reference = reference };

    public override IQueryable<Notice> Including(IQueryable<Notice> subjects) => subjects.Include(n => n.Child);

    public override NoticeFacts Apply(NoticeFacts? state, SubjectEvent e) => NoticeRules.Apply(state, (NoticeEvent)e);

    public override RuleViolation? Check(NoticeFacts? state, SubjectEvent e, Instant now) => state is null ? null : NoticeRules.Check(state, (NoticeEvent)e, now);

    public override IEnumerable<string> ChildrenOf(NoticeFacts state) => [state.ChildReference];

    public override void Project(Notice notice, NoticeFacts facts, IReadOnlyDictionary<string, Child> children)
    {
        notice.Child = children[facts.ChildReference];
        notice.IncidentReference = facts.IncidentReference;
        notice.Type = facts.Type;
        notice.OfficerRisk = facts.OfficerRisk;
        notice.OccurredAt = facts.OccurredAt;
        notice.SubmittedAt = facts.SubmittedAt;
        notice.ReviewedAt = facts.ReviewedAt;
        notice.Rag = facts.Rag;
        notice.Decision = facts.Decision;
        notice.SharedAt = facts.SharedAt;
        notice.SharedWith = facts.SharedWith;
        notice.SchoolNotifiedAt = facts.SchoolNotifiedAt;
        notice.ShareDecided = facts.ShareDecided;
    }

    // Operation Encompass depends on the child's age on the day: the child's date of birth as recorded now.
    public override IReadOnlyList<Obligation> Obligations(Notice notice, NoticeFacts facts, SafeguardPolicy policy) =>
        NoticeRules.Obligations(facts, policy, notice.Child.DateOfBirth);
}
