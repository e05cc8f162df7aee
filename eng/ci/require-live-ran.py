#!/usr/bin/env python3
"""Fails when the live run skipped the tests the Integration stage exists for.

Usage: require-live-ran.py <junit.xml> <class name fragment>...
Each fragment (e.g. ReleaseLineCycleTests, TsqltSuiteTests) must match at least one test case that ran, and none of its
test cases may be skipped: a missing server or tSQLt folder turns them into skips, which would otherwise pass quietly.
"""
import sys
import xml.etree.ElementTree as ET

import os

if len(sys.argv) < 3:
    print("usage: require-live-ran.py <junit.xml> <class name fragment>...", file=sys.stderr)
    sys.exit(2)

path, fragments = sys.argv[1], sys.argv[2:]
if not os.path.isfile(path):
    # dotnet test did not get as far as writing its report (a build error, or an earlier step failed the job).
    problem = f"no live test report at {path}: the live tier did not run"
    print(f"##vso[task.logissue type=error]{problem}")
    print(f"error: {problem}", file=sys.stderr)
    sys.exit(1)

cases = list(ET.parse(path).getroot().iter("testcase"))
problems = []
for fragment in fragments:
    mine = [c for c in cases if fragment in (c.get("classname") or "") + "." + (c.get("name") or "")]
    skipped = [c for c in mine if c.find("skipped") is not None]
    if not mine:
        problems.append(f"no test of {fragment} ran")
    elif skipped:
        element = skipped[0].find("skipped")
        reason = (element.get("message") or element.text or "").strip()
        problems.append(f"{len(skipped)} of {len(mine)} tests of {fragment} were skipped: {reason}")
    else:
        print(f"{fragment}: {len(mine)} tests ran")

for problem in problems:
    print(f"##vso[task.logissue type=error]{problem}")
    print(f"error: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
