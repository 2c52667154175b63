// Speaker fields suggest known speakers (by any name or alias) as you type.
// Progressive enhancement: without this script the server still checks names on save.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var hidden = input.form && input.form.querySelector("input[name='" + input.name + "_id']");
    var timer = null;
    var known = {};
    input.addEventListener("input", function () {
      if (hidden) { hidden.value = known[input.value] || ""; }
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || !list) { return; }
      timer = setTimeout(function () {
        // The page gives the API's address, so an app mounted under a prefix still finds it.
        var api = document.body.getAttribute("data-speakers-api") || "/api/v1/speakers";
        fetch(api + "?per_page=8&q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) {
            list.textContent = "";
            data.items.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.name;
              option.label = s.aliases.length ? s.name + ", also " + s.aliases.slice(0, 3).join(", ") : s.name;
              known[s.name] = String(s.id);
              list.appendChild(option);
            });
            if (hidden && known[input.value]) { hidden.value = known[input.value]; }
          })
          .catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  }
  // A date field shows how what was typed is read ("Read as 28 June 2022 (a day)"), or why not.
  function preview(input) {
    var out = document.getElementById(input.getAttribute("data-date-preview"));
    var timer = null;
    if (!out) { return; }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { out.textContent = ""; return; }
      timer = setTimeout(function () {
        var api = document.body.getAttribute("data-read-date") || "/edit/read-date";
        fetch(api + "?text=" + encodeURIComponent(text), {headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {}; })
          .then(function (data) {
            if (input.value.trim() !== text) { return; }
            out.textContent = data.read_as ? "Read as " + data.read_as : (data.error || "");
          })
          .catch(function () { /* the server reads the date on save all the same */ });
      }, 250);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-speaker-search][list]").forEach(attach);
    document.querySelectorAll("input[data-date-preview]").forEach(preview);
    // The error summary takes the focus (autofocus does, where the browser honours it).
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  });
})();
