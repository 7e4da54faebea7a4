#!/usr/bin/env python3
"""Prints the result tables of samples/tianjin-2020.md: `assess --json` on the scenario at each day given.

    python3 tools/tianjin/table.py 2020-01-27 2020-02-02 2020-02-03 2020-02-20 2020-03-07
"""
import json
import subprocess
import sys

ROWS = ["120000", "120100", "120114", "120115", "120117", "120119"]


def cell(value):
    return "null" if value is None else str(value)


for day in sys.argv[1:]:
    out = subprocess.run(["dotnet", "run", "--project", "src/EpiCommand.Cli", "-c", "Release", "--no-build", "--", "assess", "--plan", "tongliao-2020",
                          "--scenario", "samples/tianjin-2020.json", "--as-of", day, "--json"], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    print(f"### As of {day}\n")
    print("| code | grade | pendingGrade | risk | warning | lastCaseDate | terminationEligibleFrom | region |")
    print("|---|---|---|---|---|---|---|---|")
    for r in result["regions"]:
        if r["code"] in ROWS:
            print(" | ".join(["| " + r["code"], *(cell(r[k]) for k in ["grade", "pendingGrade", "risk", "warning", "lastCaseDate", "terminationEligibleFrom"]), r["name"] + " |"]))
    print("\nOther districts: every column null but `risk` (low) — the list places no case in them.\n")
    if result["clusters"]:
        print("| cluster setting | county | formedOn | lastCaseDate | cases |")
        print("|---|---|---|---|---|")
        for c in result["clusters"]:
            print(f"| {c['setting']} | {c['county']} | {c['formedOn']} | {c['lastCaseDate']} | {c['cases']} |")
    else:
        print("Clusters: none.")
    baodi = next(r for r in result["regions"] if r["code"] == "120115")
    print("\n宝坻区's reasons:\n")
    for reason in baodi["reasons"]:
        print(f"- §{reason['clause']} {reason['status']}: {reason['criterion']}")
    print()
