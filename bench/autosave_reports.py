#!/usr/bin/env python3
"""Court reports for bench/recording.sh's autosave.

`start` starts COUNT draft reports through the JSON API (one on each of the first COUNT episodes given, at the first
court that takes them), each with case reference BENCH-n. `script` reads the reports' "id|version" lines (as the
bench's query prints them) on stdin and writes OUT, a wrk script that saves one section of them again and again as
the report page's autosave does, each save carrying the version the last one returned (If-Match), so that every
save is a real write and none is refused as stale. The script is written again before each run of wrk, from the
versions stored then.

wrk's threads each own half of the reports; within a thread a report is never sent twice at once (a save waits for
the answer to the last one), and every answer's report id and version are read back from its body.

Usage: autosave_reports.py start BASE_URL TOKEN COUNT --courts ID... --episodes ID...
       autosave_reports.py script OUT < id|version lines"""
import argparse
import json
import sys
import urllib.error
import urllib.request


def post(base, token, path, body):
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def start(args):
    reports, court, last = [], None, None
    for number, episode in enumerate(args.episodes):
        if len(reports) == args.count:
            break
        for candidate in [court] if court else args.courts:
            status, body = post(args.base, args.token, f"/api/v1/episodes/{episode}/court-reports", {
                "type": "bail_remand", "courtId": candidate, "hearingDate": "2026-12-20",
                "caseReference": f"BENCH-{number:05d}"})
            if status == 201:
                court = candidate
                reports.append((body["id"], body["version"]))
                break
            last = (status, body)
    if len(reports) < args.count:
        sys.exit(f"started only {len(reports)} of {args.count} court reports; the last answer: {last}")
    print(f"{len(reports)} draft court reports at court {court}")


def script(args):
    reports = [line.strip().split("|") for line in sys.stdin if line.strip()]
    if not reports:
        sys.exit("no court reports to save: run start first")
    text = ("Seen in the cells before the first hearing. Describes low mood for several months, poor sleep and "
            "recent loss of accommodation; no current thoughts of self-harm. Known to the community mental health "
            "team until last year. Agrees to an assessment and to contact with the housing service. ") * 2
    with open(args.out, "w") as script:
        script.write(f"""
local reports = {{{", ".join(f'{{id = {json.dumps(i)}, version = {int(v)}}}' for i, v in reports)}}}
local text = {json.dumps(text)}
local mine, free, busy, saves = {{}}, {{}}, {{}}, 0
setup = function(thread)
  thread:set("part", setup_part or 0)
  setup_part = (setup_part or 0) + 1
end
init = function(args)
  -- The reports of this thread (every other one), each free to be saved.
  for index, report in ipairs(reports) do
    if (index - 1) % 2 == part then
      mine[report.id] = report.version
      table.insert(free, report.id)
    end
  end
end
request = function()
  local id = table.remove(free, 1)
  if id == nil then
    -- Every report of this thread is waiting on an answer (a refused save gives none back): save any of them.
    id = next(busy)
  end
  busy[id] = true
  saves = saves + 1
  local body = string.format('{{"forCourt": %q, "keptInService": "Autosave %d", "finished": false}}', text, saves)
  return wrk.format("PUT", "/api/v1/court-reports/" .. id .. "/sections/health",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("LIAISON_TOKEN"),
      ["If-Match"] = '"' .. mine[id] .. '"'}}, body)
end
response = function(status, headers, body)
  local id = string.match(body, '"id"%s*:%s*"([^"]+)"')
  local version = string.match(body, '"version"%s*:%s*(%d+)')
  if id ~= nil and version ~= nil and mine[id] ~= nil then
    mine[id] = tonumber(version)
    busy[id] = nil
    table.insert(free, id)
  end
end
""")


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    starting = commands.add_parser("start")
    starting.add_argument("base")
    starting.add_argument("token")
    starting.add_argument("count", type=int)
    starting.add_argument("--courts", nargs="+", required=True)
    starting.add_argument("--episodes", nargs="+", required=True)
    scripting = commands.add_parser("script")
    scripting.add_argument("out")
    args = parser.parse_args()
    start(args) if args.command == "start" else script(args)


if __name__ == "__main__":
    main()
