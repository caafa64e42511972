// Starts GOV.UK Frontend's components on the page.
import { initAll } from "/lib/govuk/govuk-frontend.min.js";
initAll();

// Warns before the session ends (the server ends it; this only says so in time), and goes to sign-in when it has.
const warning = document.getElementById("session-warning");
// A timer cannot wait longer than about 24 days (2^31 ms); a session that long needs no warning today.
const longestTimer = 2147483647;
if (warning && Number(warning.dataset.remaining) * 1000 < longestTimer) {
  const remaining = Number(warning.dataset.remaining) * 1000;
  const ahead = Number(warning.dataset.warning) * 1000;
  setTimeout(() => {
    warning.hidden = false;
    warning.focus();
  }, Math.max(0, remaining - ahead));
  setTimeout(() => window.location.assign("/Account/SignIn?returnUrl=" + encodeURIComponent(window.location.pathname)), remaining + 1000);
}
