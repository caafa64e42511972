import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
diffs = []
def walk(x, y, path):
    if isinstance(x, dict):
        for k in set(x) | set(y): walk(x.get(k), y.get(k), path + "." + k)
    elif x != y and not (x is not None and y is not None and float(x) == float(y)): diffs.append((path, x, y))
walk(a, b, "notices")
print(len(diffs), "differences", diffs[:5])
sys.exit(1 if diffs else 0)
