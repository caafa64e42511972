// The control-room board: counts down every second and fetches its rows again whenever the server says an incident
// changed. The server's "now" comes with each set of rows, so a wrong clock on this computer does not mislead.
(function () {
  "use strict";
  var table = document.getElementById("board");
  if (!table) return;
  var offset = 0; // server time minus this computer's time, in milliseconds

  function rows() { return document.getElementById("board-rows"); }

  function readOffset() {
    var body = rows();
    if (body) offset = Number(body.getAttribute("data-now")) - Date.now();
  }

  // The words and colours of the states come from the server (ClockStates), as the page rendered them.
  var states = JSON.parse((document.getElementById("clock-states") || { textContent: "{}" }).textContent);

  // The same form as ClockStates.TimeLeft and Span on the server: "45 min left", "2 h 05 min left", "overdue by 3 d 4 h".
  function format(ms) {
    var abs = Math.abs(ms);
    var days = Math.floor(abs / 86400000), hours = Math.floor(abs / 3600000), minutes = Math.floor((abs % 3600000) / 60000), seconds = Math.floor((abs % 60000) / 1000);
    var text = days >= 2 ? days + " d" + (hours % 24 ? " " + (hours % 24) + " h" : "")
      : hours > 0 ? hours + " h" + (minutes ? " " + String(minutes).padStart(2, "0") + " min" : "")
      : minutes > 0 ? minutes + " min" : seconds + " s";
    return ms < 0 ? "overdue by " + text : text + " left";
  }

  function tick() {
    var now = Date.now() + offset;
    var body = rows();
    if (!body) return;
    body.querySelectorAll("tr[data-due]").forEach(function (row) {
      var due = Number(row.getAttribute("data-due")), warning = Number(row.getAttribute("data-warning"));
      if (!due) return;
      row.querySelector(".sg-time-left").textContent = format(due - now);
      var tag = row.querySelector(".sg-state");
      var state = states[now > due ? "breached" : now >= warning ? "warning" : "running"];
      if (tag && state && tag.textContent !== state[0]) {
        tag.textContent = state[0];
        tag.className = "govuk-tag " + state[1] + " sg-state";
      }
      var prompts = row.querySelector(".sg-prompts");
      if (prompts) prompts.hidden = now < warning;
    });
  }

  function refresh() {
    var filter = document.getElementById("board-filter");
    var query = new URLSearchParams(filter ? new FormData(filter) : undefined);
    query.set("handler", "Rows");
    fetch((table.getAttribute("data-rows") || "/Board") + "?" + query.toString(), { credentials: "same-origin", headers: { "Accept": "text/html", "X-Safeguard-Refresh": "1" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        rows().outerHTML = html;
        readOffset();
        tick();
        var total = rows().getAttribute("data-total");
        document.getElementById("board-status").textContent = total + " " + (table.getAttribute("data-noun") || "open incident(s)") + ". This board updates by itself.";
      })
      .catch(function () { /* the next change or reconnect tries again */ });
  }

  readOffset();
  tick();
  setInterval(tick, 1000);
  var connection = new signalR.HubConnectionBuilder().withUrl("/hubs/board").withAutomaticReconnect().build();
  connection.on("changed", refresh);
  connection.onreconnected(refresh);
  // Once connected, the rows are fetched again: a change made between drawing the page and connecting is not missed.
  connection.start()
    .then(function () { table.setAttribute("data-live", "on"); refresh(); })
    .catch(function () { /* without a live connection the countdown still runs */ });
})();
