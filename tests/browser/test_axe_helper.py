"""The axe helper itself: it can fail, and it needs the CSP bypass it is given."""
import pytest

from tests.browser.axe import AXE_JS, AccessibilityError, assert_accessible

INACCESSIBLE = """<!DOCTYPE html>
<html lang="en"><head><title>Deliberately inaccessible</title></head>
<body><main>
  <h1>Broken on purpose</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <input type="text" name="nameless">
</main></body></html>"""

ACCESSIBLE = """<!DOCTYPE html>
<html lang="en"><head><title>Fine</title></head>
<body><main>
  <h1>Fine</h1>
  <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A dot">
  <label for="name">Name</label> <input type="text" id="name" name="name">
</main></body></html>"""


def test_the_helper_fails_on_wcag_violations(page):
    """WCAG 2.2 A 1.1.1 (image-alt) and 4.1.2/1.3.1 (label) failures are reported, not passed."""
    page.set_content(INACCESSIBLE)
    with pytest.raises(AccessibilityError) as failure:
        assert_accessible(page, context="a deliberately inaccessible snippet")
    rules = {v["id"] for v in failure.value.violations}
    assert {"image-alt", "label"} <= rules
    message = str(failure.value)
    assert "a deliberately inaccessible snippet" in message
    assert "image-alt (critical)" in message and "at img" in message
    assert "label (critical)" in message and "at input" in message


def test_the_helper_passes_an_accessible_snippet(page):
    page.set_content(ACCESSIBLE)
    assert_accessible(page, context="an accessible snippet")


def test_the_portal_csp_blocks_injected_scripts_without_the_bypass(strict_context, portal):
    """Why ``browser_context_args`` sets bypass_csp: script-src 'self' + nonce refuses axe's inline tag."""
    page = strict_context.new_page()
    page.goto(f"{portal}/sign-in/")
    with pytest.raises(Exception, match="(?i)content security policy|refused|error"):
        page.add_script_tag(path=str(AXE_JS))
    assert page.evaluate("() => typeof window.axe") == "undefined"
