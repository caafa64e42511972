using NodaTime;
using Safeguard.App.Data;
using Safeguard.Domain.Clocks;
using Safeguard.Domain.Incidents;

namespace Safeguard.App.Incidents;

/// <summary>Writes an incident's projected facts and the columns the domain computes from them.</summary>
public static class IncidentProjection
{
    public static void Write(Incident incident, IncidentFacts facts, AttendancePolicy policy)
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
        incident.AttendanceDueAt = IncidentHistory.AttendanceClock(facts, policy)?.Due;
    }

    /// <summary>Appends <paramref name="e"/> as the incident's next event and updates its facts.</summary>
    public static void Append(Incident incident, IncidentEvent e, IncidentFacts? current, AttendancePolicy policy, Instant recordedAt)
    {
        var facts = IncidentHistory.Apply(current, e);
        incident.EventCount++;
        incident.Version++;
        incident.Events.Add(IncidentEventCodec.ToRecord(e, incident.EventCount, recordedAt));
        Write(incident, facts, policy);
    }
}
