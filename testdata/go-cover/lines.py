"""Line figures of a coverprofile by the rule gates documents (parse/go_cover.rs), computed apart
from gates as the oracle of its tests: a repeated block merges by max in set mode and by sum
otherwise; a line is executable when a block spans it and covered when any block on it ran."""
import sys

for name in sys.argv[1:]:
    mode, blocks = None, {}
    for raw in open(name):
        raw = raw.strip()
        if raw.startswith("mode:"):
            mode = raw.split()[1]
            continue
        place, _statements, count = raw.split(" ")
        blocks.setdefault(place, []).append(int(count))
    hits = {}
    for place, counts in blocks.items():
        count = max(counts) if mode == "set" else sum(counts)
        path, span = place.rsplit(":", 1)
        start, end = span.split(",")
        for line in range(int(start.split(".")[0]), int(end.split(".")[0]) + 1):
            hits[(path, line)] = max(hits.get((path, line), 0), count)
    covered = sum(1 for count in hits.values() if count > 0)
    print(f"{name}: {covered} of {len(hits)} lines covered ({covered * 100 / len(hits):.2f}%)")
