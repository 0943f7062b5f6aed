// Copy GOV.UK Frontend's script and images (not its fonts: councils use Arial) beside the CSS.
import { cpSync, mkdirSync } from "node:fs";

const dist = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/govuk/assets", { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, "static/govuk/govuk-frontend.min.js");
cpSync(`${dist}/assets/images`, "static/govuk/assets/images", { recursive: true });
cpSync(`${dist}/assets/manifest.json`, "static/govuk/assets/manifest.json");
cpSync("node_modules/axe-core/axe.min.js", "tests/browser/axe.min.js");
