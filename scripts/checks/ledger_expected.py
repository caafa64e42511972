# The attendance section (priority, children involved, on the initial grade) and notices.noticeDue for a period, computed
# from the generator's facts by the definitions in the README, independently of Safeguard.
# Usage: ledger_expected.py FROM TO NOW DIR
import json, sys, datetime as dt
from zoneinfo import ZoneInfo
LON = ZoneInfo("Europe/London")
frm, to = dt.date.fromisoformat(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
now = dt.datetime.fromisoformat(sys.argv[3])
P = lambda x: dt.datetime.fromisoformat(x) if x else None
facts = [(P(c), g, fg, ch, d or None, P(a), P(n), P(w)) for c, g, fg, ch, d, a, n, w in json.load(open(sys.argv[4] + "/facts.json"))]
M = dt.timedelta(minutes=1); H = dt.timedelta(hours=1)
def pct(a, b): return None if b == 0 else round(100 * a / b + 1e-9, 1)
def median(xs):
    if not xs: return None
    xs = sorted(xs); n = len(xs)
    return round((xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2) + 1e-9, 1)
def in_period(t): return frm <= t.astimezone(LON).date() < to
def figures(rows):
    w = l = na = p = 0; mins = []
    for c, *_r, a, _n, _w in rows:
        if a is not None:
            mins.append((a - c) / M)
            if a - c <= 60 * M: w += 1
            else: l += 1
        elif now > c + 60 * M: na += 1
        else: p += 1
    return {"population": len(rows), "withinTarget": w, "late": l, "notAttended": na, "pending": p, "percentWithinTarget": pct(w, len(rows) - p), "medianMinutes": median(mins)}
pop = [f for f in facts if f[3] and f[1] == "priority" and in_period(f[0])]
att = figures(pop)
att["byDistrict"] = {str(d): figures([f for f in pop if f[4] == d]) for d in sorted({f[4] for f in pop}, key=lambda x: (x is None, x or ""))}
months = []
y, m = frm.year, frm.month
while dt.date(y, m, 1) < to:
    months.append(f"{y:04d}-{m:02d}"); m += 1
    if m == 13: y, m = y + 1, 1
att["byMonth"] = {mo: figures([f for f in pop if f[0].astimezone(LON).strftime("%Y-%m") == mo]) for mo in months}
due = [f for f in facts if f[3] and in_period(f[0])]
wi = la = ns = nn = pe = 0
for c, *_r, n, w in due:
    if n is not None and (w is None or n <= w): wi, la = (wi + 1, la) if n - c <= 24 * H else (wi, la + 1)
    elif w is not None: nn += 1
    elif now > c + 24 * H: ns += 1
    else: pe += 1
nd = {"targetHours": 24, "population": len(due), "withinTarget": wi, "late": la, "notSubmitted": ns, "notNeeded": nn, "pending": pe, "percentWithinTarget": pct(wi, len(due) - pe - nn)}
print(json.dumps({"attendance": att, "noticeDue": nd}, sort_keys=True))
