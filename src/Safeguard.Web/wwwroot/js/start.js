// Runs first, before the page is drawn: says that JavaScript (and ES modules) are there, as GOV.UK Frontend expects.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
