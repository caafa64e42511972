# Independent check of the notices section: generate notices, compute the figures here, compare with `safeguard report`.
import random, csv, json, sys, subprocess, datetime as dt
from zoneinfo import ZoneInfo
LON = ZoneInfo("Europe/London"); UTC = dt.timezone.utc
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
H = dt.timedelta(hours=1)

def fmt(t):  # one of the three time forms, chosen at random
    r = random.random()
    if r < 0.4: return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if r < 0.7:
        off = random.choice([0, 1, -5, 2])
        return t.astimezone(dt.timezone(dt.timedelta(hours=off))).isoformat(timespec="seconds")
    local = t.astimezone(LON).replace(tzinfo=None)
    # a wall time must map back to the same instant: skip the ambiguous autumn hour and the spring gap
    back = local.replace(tzinfo=LON, fold=0)
    if back.astimezone(UTC) != t.astimezone(UTC): return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.strftime("%Y-%m-%d %H:%M:%S") if random.random() < 0.5 else local.strftime("%Y-%m-%dT%H:%M:%S")

now = dt.datetime.now(UTC)
rows, facts = [], []
start = dt.datetime(2022, 12, 20, tzinfo=UTC)
special = [dt.datetime(2023, 3, 26, 0, 30, tzinfo=UTC), dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC), dt.datetime(2023, 10, 29, 1, 30, tzinfo=UTC),
           dt.datetime(2022, 12, 31, 23, 59, 59, tzinfo=UTC), dt.datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC), dt.datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC),
           dt.datetime(2023, 6, 30, 23, 30, tzinfo=UTC), dt.datetime(2023, 7, 1, 0, 0, tzinfo=UTC)]
for n in range(12000):
    occ = special[n] if n < len(special) else start + dt.timedelta(seconds=random.randint(0, 400 * 86400))
    if n >= 11000:  # recent ones: pending reviews and shares
        occ = now - dt.timedelta(minutes=random.randint(60, 60 * 30))
    risk = random.choice(["standard", "medium", "high"])
    target = 4 if risk == "high" else 24
    sub = occ + random.choice([dt.timedelta(hours=24), dt.timedelta(hours=24, seconds=1), dt.timedelta(minutes=random.randint(0, 3000))])
    if sub > now: sub = now - dt.timedelta(minutes=5)
    rev = None
    if random.random() < 0.8:
        rev = sub + random.choice([dt.timedelta(hours=target), dt.timedelta(hours=target, seconds=1), dt.timedelta(minutes=random.randint(0, target * 60 * 2))])
        if rev > now - dt.timedelta(minutes=2): rev = None
    rag = random.choice(["red", "amber", "green"]) if rev else None
    shared = None
    if rev and random.random() < 0.75:
        shared = rev + random.choice([dt.timedelta(hours=24), dt.timedelta(hours=24, seconds=1), dt.timedelta(minutes=random.randint(0, 2880))])
        if shared > now - dt.timedelta(minutes=2): shared = None
    ref = f"CHK-{n:05d}"
    rows.append([ref, f"CH-{random.randint(1, 3000):04d}", "", random.choice(["child_concern", "domestic_abuse", "missing", "exploitation", "online_abuse", "other"]),
                 risk, fmt(occ), fmt(sub), fmt(rev) if rev else "", rag or "", fmt(shared) if shared else "", "Health; Education" if shared else ""])
    facts.append((occ, sub, rev, rag, shared, target))
with open(sys.argv[2] + "/notices.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["reference", "child_reference", "incident_reference", "type", "officer_risk", "occurred_at", "submitted_at", "reviewed_at", "rag", "shared_at", "shared_with"]); w.writerows(rows)
json.dump([[x.isoformat() if isinstance(x, dt.datetime) else x for x in r] for r in facts], open(sys.argv[2] + "/facts.json", "w"))
