import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
diffs = []
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in set(x) | set(y): walk(x.get(k), y.get(k), path + "." + k)
    elif isinstance(x, dict) or isinstance(y, dict): diffs.append((path, x, y))
    elif x != y and not (isinstance(x, (int, float)) and isinstance(y, (int, float)) and float(x) == float(y)): diffs.append((path, x, y))
walk(a, b, "report")
print(len(diffs), "differences", diffs[:5])
sys.exit(1 if diffs else 0)
