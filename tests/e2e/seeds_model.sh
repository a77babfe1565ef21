#!/bin/sh
# seeds_model.sh — end-to-end check of `booklet --dump-model` on the seed
# pages in ../shared/seeds: the JSON parses, has the documented shape
# (event.title/date/venue/registration; talks[].title/kind/time/
# speakers[{name,designation}]/abstract/takeaways; speakers[].name/
# designation/bio/photo; agenda[].time/title/speaker; sponsors[].name/logo/
# url/tier), and each seed gives what the event-model issue asks: talk
# count, each talk's title and speaker names, agenda rows, designations,
# bios, abstracts, takeaways, and its sponsors (how many, how many with a
# link).
#
# The seed pages are others' writing and are not copied here: titles and
# speaker names are compared by their FNV-1a hashes (the text is printed
# when one differs).  Run from anywhere:
#
#     BOOKLET=build/booklet sh tests/e2e/seeds_model.sh
#
# Prints `ok - NAME`, `FAIL - NAME: why` or `skip - NAME: why`, then
# `N passed, N failed[, N skipped]`; exit status 1 when any check failed
# (tests/e2e/lib.sh, the harness).  Outputs in $E2E_OUT/seeds-model
# (default tests/out/seeds-model).
# Environment: BOOKLET (default build/booklet), BOOKLET_SEEDS (default
# ../shared/seeds).  POSIX sh; needs python3 for the JSON.

cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

if [ ! -d "$SEEDS" ]; then
  skip "seeds" "$SEEDS not found (the seed pages live beside the repository)"
  finish
fi
need_booklet
need skip python3

out_dir seeds-model
for f in "$SEEDS"/*.md; do
  [ -f "$f" ] || continue
  n=${f##*/}
  timed "$BOOKLET" --dump-model "$f" >"$OUT/${n%.md}.json" 2>"$OUT/${n%.md}.stderr"
  echo $? >"$OUT/${n%.md}.rc"
done

# the checks, in Python (JSON): `ok - ...` / `FAIL - ...` lines
python3 - "$OUT" >"$OUT/checks.txt" 2>"$OUT/checks.err" <<'EOF'
import json, os, sys

out = sys.argv[1]

def fnv(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

# per seed (file name prefix): talks as (title hash, "|".join(names) hash),
# agenda rows, and what every talk must have
WANT = {
    "000_": dict(talks=[(0x56476e581aee59f5, 0x794ec85c0acad643),
                        (0xbea7f4fe88bfeaaf, 0x18ab8677ae9bf2e2),
                        (0xfecbc9602a8a72b0, 0xb9e0fc5d9929ea7d),
                        (0xb9bb9ac83e299044, 0xef61231cb1269038)],
                 agenda=0, need=["designation", "abstract"],
                 sponsors=(10, 3)),
    "001_": dict(talks=[(0x32cf8ede81119c75, 0x90b1b7d284d485b7),
                        (0xb4eb1a4011c012a5, 0x57f069067f78a45a),
                        (0x3f44974e8267a36e, 0x18ab8677ae9bf2e2),
                        (0x22a91de6a01236ba, 0xfcea940a34a5f18c),
                        (0x80e479e65becafbe, 0x0017c0fe7880954e),
                        (0x16c02df8790b71a4, 0xf515c47c12453159)],
                 agenda=0, need=[], panel=3, fm_speakers=4, sponsors=(1, 1)),
    "002_": dict(talks=[(0x46b9663a101c3259, 0x72d45a04f44632af),
                        (0xceeb6b837e0f2ac0, 0x4d6fa62505cb2862),
                        (0xff826e538444c2ed, 0xcf3404b6bf75b37b),
                        (0x7526e67ed7396252, 0x0f508f5f6de05565)],
                 agenda=4, need=["time", "designation", "bio", "abstract"]),
    "003_": dict(talks=[(0x066b9a9c5dad35e5, 0xa211bb5e9004df95),
                        (0xd7f3a7f635c5446a, 0xc9f2dc233b6bcb35),
                        (0xd32bc6ed1bd14226, 0xd80d7b364ae33775),
                        (0x2e01090120ec1512, 0xfecdd1bd937cde73)],
                 agenda=4, need=["time", "bio", "abstract", "outline", "takeaways"]),
    "004_": dict(talks=[(0x1c19de2974b0eee2, 0xe2c22fa603cb3b92),
                        (0xc3a40db5ec6f00bb, 0xcfe01bad8ed33eb1),
                        (0xe66f820ccea70802, 0xc113884c0c79d787),
                        (0x74c6fdb38c29d1d6, 0x268b09dd2ad56162),
                        (0xa2b2b042aeeb6ac7, 0x5a9cdafec963a628)],
                 agenda=0, need=["bio", "abstract", "takeaways"]),
}

SHAPE = {
    "event": ["title", "date", "venue", "registration"],
    "talks": ["title", "kind", "time", "speakers", "abstract", "takeaways"],
    "speakers": ["name", "designation", "bio", "photo"],
    "agenda": ["time", "title", "speaker"],
    "sponsors": ["name", "logo", "url", "tier"],
}

def ok(name):
    print("ok - " + name)

def notok(name, why):
    print("FAIL - %s: %s" % (name, why))

def check(name, cond, why):
    (ok if cond else lambda n: notok(n, why))(name)

for fn in sorted(os.listdir(out)):
    if not fn.endswith(".json"):
        continue
    stem = fn[:-5]
    name = "seed " + stem
    rc = open(os.path.join(out, stem + ".rc")).read().strip()
    if rc != "0":
        notok(name + ": --dump-model", "exit " + rc)
        continue
    try:
        d = json.load(open(os.path.join(out, fn), encoding="utf-8"))
    except ValueError as e:
        notok(name + ": JSON", str(e))
        continue
    ok(name + ": JSON")
    missing = [k + "." + f for k, fields in SHAPE.items()
               for item in ([d.get(k, {})] if k == "event" else d.get(k, []))
               for f in fields if f not in item]
    missing += ["talks[].speakers[]." + f for t in d.get("talks", [])
                for s in t.get("speakers", []) for f in ("name", "designation")
                if f not in s]
    check(name + ": shape", not missing, "missing " + ", ".join(sorted(set(missing))))
    want = next((w for p, w in WANT.items() if stem.startswith(p)), None)
    if want is None:
        continue
    talks, speakers = d["talks"], d["speakers"]
    check(name + ": talk count", len(talks) == len(want["talks"]),
          "%d talks, want %d" % (len(talks), len(want["talks"])))
    for i, (th, sh) in enumerate(want["talks"]):
        if i >= len(talks):
            break
        t = talks[i]
        who = "|".join(s["name"] for s in t["speakers"])
        check("%s: talk %d title" % (name, i + 1), fnv(t["title"]) == th,
              "got '%s'" % t["title"])
        check("%s: talk %d speakers" % (name, i + 1), fnv(who) == sh,
              "got '%s'" % who)
        by_name = {s["name"]: s for s in speakers}
        for need in want["need"]:
            if need == "designation":
                v = all(s["designation"] for s in t["speakers"]) and t["speakers"]
            elif need == "bio":
                v = t["speakers"] and by_name.get(t["speakers"][0]["name"], {}).get("bio")
            elif need == "takeaways":
                v = len(t["takeaways"]) > 0
            else:
                v = t.get(need)
            check("%s: talk %d %s" % (name, i + 1, need), bool(v), "empty")
    check(name + ": agenda rows", len(d["agenda"]) == want["agenda"],
          "%d rows, want %d" % (len(d["agenda"]), want["agenda"]))
    if "panel" in want:
        t = talks[want["panel"]] if len(talks) > want["panel"] else {}
        check(name + ": panel", t.get("kind") == "panel" and len(t.get("speakers", [])) == 5,
              "kind %s, %d speakers" % (t.get("kind"), len(t.get("speakers", []))))
    if "sponsors" in want:
        n, linked = want["sponsors"]
        sp = d.get("sponsors", [])
        got = (len(sp), sum(1 for s in sp if s.get("url")))
        check(name + ": sponsors", got == (n, linked) and all(s["name"] for s in sp),
              "%d sponsors, %d with a link; want %d, %d" % (got + (n, linked)))
    if "fm_speakers" in want:
        n = want["fm_speakers"]
        check(name + ": front-matter speakers",
              len(speakers) >= n and all(s["designation"] and s["photo"] for s in speakers[:n]),
              "first %d speakers lack designation or photo" % n)
EOF
prc=$?
tally "$OUT/checks.txt"
[ "$prc" -eq 0 ] || notok "seeds: the checks" "python3 exit $prc: $(tail -n 1 "$OUT/checks.err")"
finish
