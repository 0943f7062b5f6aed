"""What the security tests counted in this run, printed after the results (see ``conftest.py``).

The closing figures for docs/security.md come from here: pairs the permission matrix checked, and the cases
each fuzzer sent. A counter, so a partial run prints what it did.
"""
from collections import Counter

FIGURES = Counter()
