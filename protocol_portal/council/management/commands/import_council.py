import hashlib
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from protocol_portal.council.importer.apply import apply_council_plan
from protocol_portal.council.importer.validation import CouncilFileError, parse_council_file, validate_council_file

# Files with more records than this get a progress bar: small ones finish before it would draw.
PROGRESS_THRESHOLD = 1000


class Command(BaseCommand):
    help = "Load a council file (COUNCIL-FILE.md): idempotent, all or nothing, every error listed."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the council's YAML file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report what would change; change nothing.")
        parser.add_argument("--prune", action="store_true", help="Deactivate (never delete) records absent from the file.")
        parser.add_argument("--demo-password", default=None, metavar="PASSWORD",
                            help="Give new accounts this password (demos and tests only).")

    def handle(self, *args, file, dry_run, prune, demo_password, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}. Check the path and that the file is UTF-8 text.")
        try:
            plan = validate_council_file(parse_council_file(text))
        except CouncilFileError as exc:
            self.stderr.write(f"{path}: {len(exc.errors)} error(s); nothing was imported.")
            for error in exc.errors:
                self.stderr.write(f"  {error}")
            raise SystemExit(1)

        progress = self._progress_bar() if plan.record_count > PROGRESS_THRESHOLD else None
        summary = apply_council_plan(
            plan, prune=prune, demo_password=demo_password, dry_run=dry_run,
            source=f"{path.name} sha256:{hashlib.sha256(text.encode()).hexdigest()[:16]}", progress=progress,
        )
        if progress:
            self.stderr.write("")
        self._report(summary, dry_run=dry_run, council=plan.council["name"])

    def _progress_bar(self):
        interactive = self.stderr.isatty()

        def draw(section, done, total):
            width = 30
            filled = width * done // total if total else width
            line = f"{section:<14} [{'#' * filled}{'.' * (width - filled)}] {done:>6}/{total}"
            if interactive:
                self.stderr.write("\r" + line, ending="")
                self.stderr.flush()
            elif done == total:
                self.stderr.write(line)

        return draw

    def _report(self, summary, *, dry_run, council):
        heading = "Would change (dry run; nothing was saved)" if dry_run else f"Imported {council}"
        self.stdout.write(heading)
        self.stdout.write(f"  {'section':<14} {'created':>8} {'updated':>8} {'unchanged':>10} {'deactivated':>12}")
        for name, tally in summary.sections.items():
            self.stdout.write(
                f"  {name:<14} {tally.created:>8} {tally.updated:>8} {tally.unchanged:>10} {tally.deactivated:>12}"
            )
        if not summary.changed:
            self.stdout.write("Nothing changed: the portal already matches the file.")
        sys.stdout.flush()
