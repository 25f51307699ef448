# Derives src/Bunsan.Simulation/Demand/Resources/japan-municipalities.csv from localgovjp (CC0, Code for Fukui).
import csv, sys
src = sys.argv[1]
pref_en = {}
with open(f"{src}/prefjp-utf8.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        pref_en[r["pref"]] = r["pref_en"]
K = {}
base = ("あいうえお","かきくけこ","さしすせそ","たちつてと","なにぬねの","はひふへほ","まみむめも","やゆよ","らりるれろ","わを","がぎぐげご","ざじずぜぞ","だぢづでど","ばびぶべぼ","ぱぴぷぺぽ")
rom = (["a","i","u","e","o"],["ka","ki","ku","ke","ko"],["sa","shi","su","se","so"],["ta","chi","tsu","te","to"],["na","ni","nu","ne","no"],["ha","hi","fu","he","ho"],["ma","mi","mu","me","mo"],["ya","yu","yo"],["ra","ri","ru","re","ro"],["wa","o"],["ga","gi","gu","ge","go"],["za","ji","zu","ze","zo"],["da","ji","zu","de","do"],["ba","bi","bu","be","bo"],["pa","pi","pu","pe","po"])
for row, rr in zip(base, rom):
    for k, r in zip(row, rr): K[k] = r
K["ん"] = "n"; K["ゐ"] = "i"; K["ゑ"] = "e"; K["ゔ"] = "vu"
small = {"ゃ":"ya","ゅ":"yu","ょ":"yo"}
def romaji(kana):
    out = []; i = 0
    while i < len(kana):
        c = kana[i]
        if c == "っ":
            nxt = romaji(kana[i+1:i+2])
            out.append(nxt[0] if nxt else ""); i += 1; continue
        if i + 1 < len(kana) and kana[i+1] in small and c in K:
            r = K[c]
            stem = r[:-1]
            if stem in ("sh", "ch", "j"): out.append(stem + small[kana[i+1]][1:])
            else: out.append(stem + small[kana[i+1]])
            i += 2; continue
        if c in K: out.append(K[c])
        elif c in "ぁぃぅぇぉ": out.append("aiueo"["ぁぃぅぇぉ".index(c)])
        elif c == "ー": pass
        else: raise SystemExit(f"unknown kana {c!r} in {kana}")
        i += 1
    s = "".join(out)
    for a, b in (("ou", "o"), ("oo", "o"), ("uu", "u")): s = s.replace(a, b)
    return s
SUFFIX = {("市","し"):"shi",("区","く"):"ku",("町","まち"):"machi",("町","ちょう"):"cho",("村","むら"):"mura",("村","そん"):"son"}
def word(kanji, kana):
    for (kj, kn), r in SUFFIX.items():
        if kanji.endswith(kj) and kana.endswith(kn):
            return romaji(kana[:-len(kn)]).capitalize() + "-" + r
    return romaji(kana).capitalize()
rows = []
with open(f"{src}/localgovjp-utf8.csv", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
parents_with_wards = {r["city"].split(" ")[0] for r in rows if " " in r["city"]}
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["lgcode", "prefecture", "name", "name_romaji", "lat", "lon"])
for r in rows:
    if r["city"] in parents_with_wards: continue
    kanji = r["city"].split(" "); kana = r["citykana"].split(" ")
    rj = " ".join(word(a, b) for a, b in zip(kanji, kana))
    w.writerow([r["lgcode"], pref_en[r["pref"]], r["city"], rj, r["lat"], r["lng"]])
