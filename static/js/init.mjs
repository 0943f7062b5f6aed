// Start GOV.UK Frontend's components (kept out of the page so the CSP needs no inline exception).
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();
