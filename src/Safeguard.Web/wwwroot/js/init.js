// Starts GOV.UK Frontend's components on the page.
import { initAll } from "/lib/govuk/govuk-frontend.min.js";
initAll();
