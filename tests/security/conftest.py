"""Print the security tests' figures at the end of the run: the permission matrix's pairs, the fuzz cases."""
from .figures import FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("security figures (docs/security.md)")
        for name, count in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {count:,}")
