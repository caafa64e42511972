using NodaTime;
using Safeguard.App.Clocks;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>Writes an incident's projected facts and the columns the domain computes from them.</summary>
public static class IncidentProjection
{
    public static void Write(Incident incident, IncidentFacts facts, AttendancePolicy policy, Instant now)
    {
        incident.CreatedAt = facts.CreatedAt;
        incident.InitialGrade = facts.InitialGrade;
        incident.CurrentGrade = facts.CurrentGrade;
        incident.ChildrenInvolved = facts.ChildrenInvolved;
        incident.District = facts.District;
        incident.Category = facts.Category;
        incident.DispatchedAt = facts.DispatchedAt;
        incident.ArrivedAt = facts.ArrivedAt;
        incident.ClosedAt = facts.ClosedAt;
        incident.ReassessedAt = facts.ReassessedAt;
        incident.CallerToldAt = facts.CallerToldAt;
        incident.ChildSeenAt = facts.ChildSeenAt;
        incident.AttendanceDueAt = IncidentHistory.AttendanceClock(facts, policy)?.Due;
        incident.NextEscalationAt = Escalations.Next(IncidentHistory.WatchedClocks(facts, policy), incident.EscalatedSteps, incident.RecordedAt, now,
            policy.EscalationCatchUp);
    }

    /// <summary>Appends <paramref name="e"/> as the incident's next event and updates its facts.</summary>
    public static void Append(Incident incident, IncidentEvent e, IncidentFacts? current, AttendancePolicy policy, Instant recordedAt)
    {
        var facts = IncidentHistory.Apply(current, e);
        if (incident.EventCount == 0) incident.RecordedAt = recordedAt;
        if (e is IncidentEscalated escalated)
            incident.EscalatedSteps = Escalations.Add(incident.EscalatedSteps, escalated.Clock, escalated.Step);
        incident.EventCount++;
        incident.Version++;
        incident.Events.Add(IncidentEventCodec.ToRecord(e, incident.EventCount, recordedAt));
        Write(incident, facts, policy, recordedAt);
    }
}
