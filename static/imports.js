// An import's page follows its job: polls the page's JSON twin, moves the progress bar, and
// reloads once the job has ended so the summary shows. Without JavaScript a meta refresh does it.
(function () {
  "use strict";
  var box = document.getElementById("import-state");
  if (!box) { return; }
  var url = box.getAttribute("data-state-url");
  var bar = document.getElementById("import-progress");
  var percent = box.querySelector("[data-field=percent]");
  var labels = { queued: "waiting to start", running: "running" };
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { window.setTimeout(poll, 3000); return; }
        if (s.finished) { window.location.reload(); return; }
        if (s.percent !== null && bar) {
          bar.value = s.percent;
          bar.textContent = s.percent + "%";
          if (percent) { percent.textContent = s.percent + "%"; }
        }
        var status = box.querySelector("[data-field=status]");
        if (status && labels[s.status]) { status.textContent = labels[s.status]; }
        var label = box.querySelector("label[for=import-progress]");
        if (label) { label.textContent = s.phase === "writing" ? "Writing" : "Reading"; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
