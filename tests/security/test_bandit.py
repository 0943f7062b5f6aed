"""Bandit, the static security linter, finds nothing in the portal's own code (issue 9).

A finding that is not one is marked where it stands, `# nosec <id>` with the reason, so the next reader
sees why; this test fails on any new finding, of any severity, and on a `# nosec` that names no test id.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["protocol_portal", "members", "officers", "requests_app", "complaints", "manage.py"]


def test_bandit_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", *PACKAGES, "-f", "json",
                             "-q"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == [], "\n".join(findings)
    assert report["metrics"]["_totals"]["loc"] > 5000, "bandit scanned far less code than the portal has"


def test_every_nosec_names_what_it_silences_and_why():
    """A `# nosec` names the bandit test and gives the reason, on its line or in the comment just above."""
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py") if (ROOT / package).is_dir() else [ROOT / package]:
            lines = path.read_text().splitlines()
            for number, line in enumerate(lines, 1):
                if "nosec" in line:
                    assert re.search(r"# nosec B\d{3}\b", line), f"{path}:{number}: name the bandit test"
                    reason = re.search(r"# nosec B\d{3} - \S", line) or lines[number - 2].strip().startswith("#")
                    assert reason, f"{path}:{number}: say why, after ' - ' or in a comment on the line above"
