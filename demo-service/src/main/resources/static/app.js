/*
 * The demo's page: submit a job, follow its progress and streamed results, watch the pool's
 * throughput and queue depth, and see the worker JVMs. Plain JavaScript against the service's
 * own endpoints; nothing is loaded from elsewhere.
 */
"use strict";

(function () {
  var POOL_PERIOD_MS = 500;
  var byId = function (id) { return document.getElementById(id); };
  var jobTypes = [];
  var currentJob = null;
  var jobTimer = null;
  var streamController = null;
  var lastPoolSample = null;

  var chart = new LiveChart(byId("chart"), {
    capacity: 120,
    periodSeconds: POOL_PERIOD_MS / 1000,
    series: [
      { label: "throughput (tasks/s)", color: "#2f6fde" },
      { label: "queue depth (tasks)", color: "#e8871e" }
    ]
  });

  function getJson(url) {
    return fetch(url, { headers: { "Accept": "application/json" } }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  function text(id, value) {
    byId(id).textContent = value;
  }

  function cell(row, value) {
    var td = document.createElement("td");
    td.textContent = value;
    row.appendChild(td);
    return td;
  }

  function formatNumber(value, digits) {
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits || 0 });
  }

  function formatResult(value) {
    if (value === null || value === undefined) { return "-"; }
    return typeof value === "number" ? formatNumber(value, 6) : String(value);
  }

  // ------------------------------------------------------------------ job types and the form

  function renderParams() {
    var type = jobTypes.find(function (t) { return t.name === byId("job-type").value; });
    var container = byId("job-params");
    container.innerHTML = "";
    if (!type) { return; }
    text("job-description", type.description);
    type.params.forEach(function (param) {
      var label = document.createElement("label");
      label.textContent = param.name + " — " + param.description;
      var input = document.createElement("input");
      input.type = "number";
      input.id = "param-" + param.name;
      input.name = param.name;
      input.value = param.defaultValue;
      input.min = param.min;
      input.max = param.max;
      input.step = 1;
      label.appendChild(input);
      container.appendChild(label);
    });
  }

  function loadJobTypes() {
    return getJson("api/job-types").then(function (types) {
      jobTypes = types;
      var select = byId("job-type");
      select.innerHTML = "";
      types.forEach(function (type) {
        var option = document.createElement("option");
        option.value = type.name;
        option.textContent = type.name;
        select.appendChild(option);
      });
      select.value = types.some(function (t) { return t.name === "primes"; }) ? "primes" : types[0].name;
      renderParams();
    });
  }

  function submitJob(event) {
    event.preventDefault();
    var params = {};
    byId("job-params").querySelectorAll("input").forEach(function (input) {
      params[input.name] = Number(input.value);
    });
    var button = byId("submit-job");
    button.disabled = true;
    byId("submit-error").hidden = true;
    fetch("api/jobs", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ type: byId("job-type").value, params: params })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.detail || ("HTTP " + response.status));
        }
        follow(body);
      });
    }).catch(function (error) {
      text("submit-error", error.message);
      byId("submit-error").hidden = false;
    }).finally(function () {
      button.disabled = false;
    });
  }

  // ------------------------------------------------------------------ the current job

  function showJob(job) {
    var percent = job.state === "SUCCEEDED" ? 100 : Math.floor(job.percent);
    byId("progress-bar").style.width = percent + "%";
    var progress = byId("progress-text");
    progress.textContent = percent + "% (" + job.done + "/" + job.total + ")";
    progress.setAttribute("data-percent", String(percent));
    text("job-label", job.label + " (" + job.id + ")");
    var state = byId("job-state");
    state.textContent = job.state;
    state.className = "state " + job.state;
    text("job-phase", job.phase);
    text("job-rate", formatNumber(job.tasksPerSecond, 1) + " tasks/s (" + job.tasksDone + " tasks)");
    text("job-result", job.state === "FAILED" ? job.error : formatResult(job.result));
    byId("cancel-job").disabled = job.state !== "QUEUED" && job.state !== "RUNNING";
  }

  function cancelJob() {
    if (!currentJob) {
      return;
    }
    byId("cancel-job").disabled = true;
    fetch("api/jobs/" + currentJob.id + "/cancel", { method: "POST", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (currentJob && currentJob.id === job.id) {
          showJob(job);
        }
      }).catch(function () { /* the next poll shows the state */ });
  }

  function follow(job) {
    currentJob = job;
    showJob(job);
    byId("chunks").innerHTML = "";
    text("chunk-count", "0");
    clearInterval(jobTimer);
    jobTimer = setInterval(function () {
      getJson("api/jobs/" + job.id).then(function (latest) {
        if (currentJob && currentJob.id === latest.id) {
          showJob(latest);
          if (latest.state === "SUCCEEDED" || latest.state === "FAILED" || latest.state === "CANCELLED") {
            clearInterval(jobTimer);
          }
        }
      }).catch(function () { /* the next poll tries again */ });
    }, 400);
    streamResults(job.id);
  }

  function addChunk(line) {
    var list = byId("chunks");
    var item = document.createElement("li");
    item.value = line.index + 1;
    item.textContent = JSON.stringify(line.value);
    list.appendChild(item);
    while (list.children.length > 50) {
      list.removeChild(list.firstChild);
    }
    list.scrollTop = list.scrollHeight;
    text("chunk-count", String(line.index + 1));
  }

  function streamResults(id) {
    if (streamController) {
      streamController.abort();
    }
    var controller = new AbortController();
    streamController = controller;
    fetch("api/jobs/" + id + "/results", { signal: controller.signal }).then(function (response) {
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffered = "";
      function pump() {
        return reader.read().then(function (part) {
          if (part.done) { return; }
          buffered += decoder.decode(part.value, { stream: true });
          var lines = buffered.split("\n");
          buffered = lines.pop();
          lines.filter(function (l) { return l.trim() !== ""; }).forEach(function (l) {
            var line = JSON.parse(l);
            if (line.type === "chunk") {
              addChunk(line);
            } else if (line.type === "end" && currentJob && currentJob.id === line.job.id) {
              showJob(line.job);
            }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () { /* aborted for a newer job, or the server went away */ });
  }

  // ------------------------------------------------------------------ pool, workers, health, jobs

  function pollPool() {
    getJson("api/pool").then(function (sample) {
      var throughput = 0;
      if (lastPoolSample && sample.epochMillis > lastPoolSample.epochMillis) {
        throughput = Math.max(0, sample.tasksCompleted - lastPoolSample.tasksCompleted) * 1000
          / (sample.epochMillis - lastPoolSample.epochMillis);
      }
      lastPoolSample = sample;
      chart.add([throughput, sample.tasksPending]);
      text("now-throughput", formatNumber(throughput, 1));
      text("now-queue", formatNumber(sample.tasksPending));
      text("now-inflight", formatNumber(sample.tasksInFlight));
      text("now-busy", sample.workersBusy + "/" + sample.workersAlive);
      text("now-completed", formatNumber(sample.tasksCompleted));
      text("now-crashed", formatNumber(sample.workersCrashed));
    }).catch(function () { /* the next poll tries again */ });
  }

  function pollWorkers() {
    getJson("actuator/mp").then(function (mp) {
      var body = byId("workers").querySelector("tbody");
      body.innerHTML = "";
      (mp.workers || []).forEach(function (worker) {
        var row = document.createElement("tr");
        row.setAttribute("data-pid", String(worker.pid));
        cell(row, worker.name);
        cell(row, worker.pid).className = "pid";
        cell(row, worker.state);
        cell(row, formatNumber(worker.uptimeSeconds, 0) + " s");
        cell(row, formatNumber(worker.tasksDone));
        cell(row, worker.currentTaskAgeMillis === null || worker.currentTaskAgeMillis === undefined
          || worker.currentTaskAgeMillis < 0 ? "-" : formatNumber(worker.currentTaskAgeMillis) + " ms");
        body.appendChild(row);
      });
      var pool = mp.pool || {};
      text("pool-settings", "pool " + pool.name + ": " + pool.processes + " processes, start method " + pool.startMethod
        + ", chunk size " + (pool.chunkSize === 0 ? "auto" : pool.chunkSize) + ", retries " + pool.retries
        + ", task timeout " + pool.taskTimeout);
    }).catch(function () { /* the next poll tries again */ });
  }

  function pollHealth() {
    fetch("actuator/health").then(function (response) { return response.json(); }).then(function (health) {
      var pool = health.components && health.components.mpPool;
      var status = pool ? pool.status : "unknown";
      var badge = byId("health");
      badge.textContent = "pool: " + status;
      badge.className = "badge " + (status === "UP" ? "up" : "down");
    }).catch(function () { /* the next poll tries again */ });
  }

  function progressCell(row, job) {
    var percent = job.state === "SUCCEEDED" ? 100 : Math.floor(job.percent);
    var td = document.createElement("td");
    td.className = "job-progress";
    var bar = document.createElement("div");
    bar.className = "progress small";
    var fill = document.createElement("div");
    fill.className = "progress-bar";
    fill.style.width = percent + "%";
    bar.appendChild(fill);
    var label = document.createElement("span");
    label.textContent = percent + "% (" + job.done + "/" + job.total + ")";
    td.appendChild(bar);
    td.appendChild(label);
    row.appendChild(td);
    row.setAttribute("data-percent", String(percent));
  }

  // every job with its own row and progress bar: several run at once on the shared pool
  function pollJobs() {
    getJson("api/jobs").then(function (jobs) {
      var body = byId("jobs").querySelector("tbody");
      body.innerHTML = "";
      var running = 0;
      jobs.slice(0, 8).forEach(function (job) {
        var row = document.createElement("tr");
        row.setAttribute("data-job-id", job.id);
        row.setAttribute("data-state", job.state);
        row.title = "show this job above";
        row.addEventListener("click", function () { follow(job); });
        cell(row, job.id).className = "job-id";
        cell(row, job.label);
        cell(row, job.state).className = "state " + job.state;
        progressCell(row, job);
        cell(row, formatNumber(job.tasksPerSecond, 1));
        cell(row, job.state === "FAILED" ? job.error : formatResult(job.result));
        body.appendChild(row);
      });
      jobs.forEach(function (job) { if (job.state === "RUNNING") { running++; } });
      text("jobs-running", running + " running");
    }).catch(function () { /* the next poll tries again */ });
  }

  byId("job-type").addEventListener("change", renderParams);
  byId("job-form").addEventListener("submit", submitJob);
  byId("cancel-job").addEventListener("click", cancelJob);
  loadJobTypes();
  pollPool();
  pollWorkers();
  pollHealth();
  pollJobs();
  setInterval(pollPool, POOL_PERIOD_MS);
  setInterval(pollWorkers, 1000);
  setInterval(pollHealth, 2000);
  setInterval(pollJobs, 1000);
  window.addEventListener("resize", function () { chart.draw(); });
})();
