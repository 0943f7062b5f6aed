"""Run axe-core (tests/browser/axe.min.js, npm axe-core 4.11.4) in a Playwright page.

``assert_accessible`` checks the page against the WCAG 2.0, 2.1 and 2.2 A and AA rules that axe
automates and fails with every violation listed. axe finds perhaps a third to a half of WCAG
failures; passing it is necessary, not sufficient.

The portal's CSP (script-src 'self' plus a nonce) blocks ``page.add_script_tag``, which injects an
inline script: pages checked here need a context with ``bypass_csp=True`` (the folder's
``browser_context_args`` gives every ``page`` one).
"""
from pathlib import Path

AXE_JS = Path(__file__).with_name("axe.min.js")
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
  }));
}"""


class AccessibilityError(AssertionError):
    """axe found WCAG 2.2 A/AA violations on a page."""

    def __init__(self, context, violations):
        self.violations = violations
        super().__init__(format_violations(context, violations))


def format_violations(context, violations):
    lines = [f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {context}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    at {target}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail.strip()}")
    return "\n".join(lines)


def axe_violations(page):
    """Return axe's violations of the WCAG 2.2 A and AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN, WCAG_22_AA_TAGS)


def assert_accessible(page, context=None):
    """Fail, listing rule id, impact, help and target selectors, if axe finds WCAG 2.2 AA violations."""
    violations = axe_violations(page)
    if violations:
        raise AccessibilityError(context or page.url, violations)
