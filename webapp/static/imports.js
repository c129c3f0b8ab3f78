/* Import job page: poll the job's JSON and move the progress bar without reloading.
   Without JavaScript the page refreshes itself (a <noscript> meta refresh) instead. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var count = box.querySelector("[data-job-count]");
  var message = box.querySelector("[data-job-message]");
  var number = new Intl.NumberFormat("en");

  function show(job) {
    bar.max = job.total || 1;
    bar.value = job.processed;
    bar.textContent = job.percent + "%";
    count.textContent = number.format(job.processed) + " of " + number.format(job.total) + " rows";
    message.textContent = job.message;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job) {
          show(job);
          if (job.state === "done" || job.state === "failed" || job.stalled) {
            window.location.reload(); // the server renders the outcome
            return;
          }
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  window.setTimeout(poll, 1000);
})();
