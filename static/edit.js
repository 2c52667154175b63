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
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-speaker-search][list]").forEach(attach);
  });
})();
