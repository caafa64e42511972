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

  // Whether the live connection is up, in the words the page carries (_LiveConnection): "Live", "Reconnecting", "Disconnected".
  var live = document.getElementById("board-live");
  function setLive(state) {
    if (!live || !live.getAttribute("data-" + state)) return;
    var parts = live.getAttribute("data-" + state).split("|");
    live.setAttribute("data-state", state);
    var tag = document.getElementById("board-live-tag");
    tag.textContent = parts[0];
    tag.className = "govuk-tag govuk-tag--" + parts[1];
    document.getElementById("board-live-words").textContent = parts[2];
  }

  // A clock that falls overdue while the page is open is said aloud to screen readers, and the rows are fetched again
  // so it moves to its group.
  var announcer = document.getElementById("board-announce");
  var regroup = null;
  function fellOverdue(row) {
    if (announcer) announcer.textContent = (row.getAttribute("data-reference") || "A clock") + " is now overdue.";
    if (!regroup) regroup = setTimeout(function () { regroup = null; refresh(); }, 500);
  }

  function tick() {
    var now = Date.now() + offset;
    var body = rows();
    if (!body) return;
    body.querySelectorAll("tr[data-due]").forEach(function (row) {
      var due = Number(row.getAttribute("data-due")), warning = Number(row.getAttribute("data-warning"));
      if (!due) return;
      var overdue = now > due;
      if (overdue && row.getAttribute("data-overdue") === "no") fellOverdue(row);
      row.setAttribute("data-overdue", overdue ? "yes" : "no");
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
        // A row that was still in time before the refresh and is overdue after it fell overdue just now (the
        // server's change may arrive before this computer's countdown got there): it is announced as well.
        var inTime = {};
        rows().querySelectorAll("tr[data-overdue=no]").forEach(function (row) { inTime[row.getAttribute("data-reference")] = true; });
        rows().outerHTML = html;
        rows().querySelectorAll("tr[data-due]").forEach(function (row) {
          if (inTime[row.getAttribute("data-reference")]) row.setAttribute("data-overdue", "no");
        });
        readOffset();
        tick();
        var total = rows().getAttribute("data-total");
        document.getElementById("board-status").textContent = total + " " + (table.getAttribute("data-noun") || "open incident(s)") + ".";
      })
      .catch(function () { /* the next change or reconnect tries again */ });
  }

  readOffset();
  tick();
  setInterval(tick, 1000);
  var connection = new signalR.HubConnectionBuilder().withUrl("/hubs/board").withAutomaticReconnect().build();
  connection.on("changed", refresh);
  connection.onreconnecting(function () { setLive("reconnecting"); });
  connection.onreconnected(function () { setLive("on"); refresh(); });
  connection.onclose(function () { table.removeAttribute("data-live"); setLive("closed"); });
  // Once connected, the rows are fetched again: a change made between drawing the page and connecting is not missed.
  connection.start()
    .then(function () { table.setAttribute("data-live", "on"); setLive("on"); refresh(); })
    .catch(function () { setLive("closed"); /* the countdown still runs */ });
})();
