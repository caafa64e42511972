# Independent check of the attendance and PPN-due figures: generate incidents (every grade, districts, the three time
# forms, both 2023 clock changes, exact 60:00 and 60:01 arrivals, regrades, children named, supervisors' reasons) and
# notices about some of them (submitted at exactly 24 h, a second later, or anywhere), and write the facts for the
# independent computation. Usage: ledger_generate.py SEED DIR
import random, csv, json, sys, datetime as dt
from zoneinfo import ZoneInfo
LON = ZoneInfo("Europe/London"); UTC = dt.timezone.utc
random.seed(int(sys.argv[1]))
out = sys.argv[2]
M = dt.timedelta(minutes=1); H = dt.timedelta(hours=1)

def fmt(t):  # one of the three time forms, chosen at random
    r = random.random()
    if r < 0.4: return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if r < 0.7:
        off = random.choice([0, 1, -5, 2])
        return t.astimezone(dt.timezone(dt.timedelta(hours=off))).isoformat(timespec="seconds")
    local = t.astimezone(LON).replace(tzinfo=None)
    back = local.replace(tzinfo=LON, fold=0)  # an ambiguous or missing wall time is written with its offset instead
    if back.astimezone(UTC) != t.astimezone(UTC) or local.replace(tzinfo=LON, fold=1).astimezone(UTC) != t.astimezone(UTC):
        return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.strftime("%Y-%m-%d %H:%M:%S") if random.random() < 0.5 else local.strftime("%Y-%m-%dT%H:%M:%S")

now = dt.datetime.now(UTC).replace(microsecond=0)
start = dt.datetime(2022, 12, 25, tzinfo=UTC)
special = [dt.datetime(2023, 3, 26, 0, 50, tzinfo=UTC), dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC), dt.datetime(2023, 10, 29, 1, 30, tzinfo=UTC),
           dt.datetime(2022, 12, 31, 23, 59, 59, tzinfo=UTC), dt.datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC), dt.datetime(2024, 1, 1, 0, 0, tzinfo=UTC),
           dt.datetime(2023, 6, 30, 23, 30, tzinfo=UTC), dt.datetime(2023, 3, 25, 23, 30, tzinfo=UTC)]
grades = ["immediate", "priority", "scheduled", "resolution"]
districts = ["North", "South", "East", "West", ""]
incidents, notices, facts = [], [], []
for n in range(16000):
    created = special[n] if n < len(special) else start + dt.timedelta(seconds=random.randint(0, 380 * 86400))
    if n >= 15000: created = now - dt.timedelta(minutes=random.randint(5, 60 * 40))  # recent: pending clocks
    grade = random.choice(grades); final = random.choice(grades) if random.random() < 0.1 else ""
    children = random.random() < 0.6
    arrive = random.choice([60 * M, 60 * M + dt.timedelta(seconds=1), dt.timedelta(seconds=random.randint(60, 6 * 3600))]) if random.random() < 0.85 else None
    arrived = created + arrive if arrive is not None and created + arrive < now else None
    ref = f"L-{n:05d}"
    named = f"K-{random.randint(1, 4000):04d}" if children and random.random() < 0.5 else ""
    # PPN due: a notice about it, a supervisor's reason, both (in either order), or neither
    notice_at = waiver_at = None
    if children:
        r = random.random()
        if r < 0.45: notice_at = created + random.choice([24 * H, 24 * H + dt.timedelta(seconds=1), dt.timedelta(minutes=random.randint(0, 3600))])
        elif r < 0.75: waiver_at = created + dt.timedelta(minutes=random.randint(0, 3600))
        elif r < 0.85:
            notice_at = created + dt.timedelta(minutes=random.randint(0, 3600)); waiver_at = created + dt.timedelta(minutes=random.randint(0, 3600))
        if notice_at and notice_at > now - 5 * M: notice_at = None
        if waiver_at and waiver_at > now - 5 * M: waiver_at = None
    incidents.append([ref, fmt(created), grade, random.choice(["yes", "true", "1", "Y"]) if children else random.choice(["no", "false", "0"]),
                      random.choice(districts), fmt(arrived) if arrived else "", final, named,
                      fmt(waiver_at) if waiver_at else "", "No concern for the child (synthetic)" if waiver_at else ""])
    if notice_at:
        notices.append([f"LN-{n:05d}", named or f"K-{random.randint(1, 4000):04d}", ref, "child_concern", random.choice(["standard", "medium", "high"]),
                        fmt(created), fmt(notice_at), "", "", "", ""])
    facts.append([created.isoformat(), grade, final or grade, children, incidents[-1][4], arrived.isoformat() if arrived else None,
                  notice_at.isoformat() if notice_at else None, waiver_at.isoformat() if waiver_at else None])
with open(out + "/incidents.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["reference", "created_at", "grade", "children_involved", "district", "arrived_at", "final_grade", "child_references", "notice_not_needed_at", "notice_not_needed_reason"]); w.writerows(incidents)
with open(out + "/notices.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["reference", "child_reference", "incident_reference", "type", "officer_risk", "occurred_at", "submitted_at", "reviewed_at", "rag", "shared_at", "shared_with"]); w.writerows(notices)
json.dump(facts, open(out + "/facts.json", "w"))
