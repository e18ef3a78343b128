// handouts serve: the little script the pages use. Everything works without it except the
// live preview refresh and the progress bar.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;

  // For one patient: another medicine row.
  const add = document.querySelector("[data-add-hold]");
  if (add) {
    add.addEventListener("click", () => {
      const rows = document.getElementById("hold-rows");
      const row = rows.querySelector(".hold-row").cloneNode(true);
      row.querySelectorAll("input").forEach((input) => { input.value = ""; });
      rows.appendChild(row);
      row.querySelector("input").focus();
    });
  }

  // Preview: choosing a document opens it.
  const pick = document.querySelector("[data-pick] select");
  if (pick) {
    pick.addEventListener("change", () => {
      window.location.assign("/preview/" + encodeURIComponent(pick.value));
    });
  }

  // Preview (and the mistake page): reload when a project file is saved.
  if (body.dataset.live === "reload" && window.EventSource) {
    const status = document.getElementById("live-status");
    const events = new EventSource("/events");
    events.addEventListener("reload", () => {
      if (status) status.textContent = "A file changed: refreshing…";
      events.close();
      window.location.reload();
    });
    events.addEventListener("error", () => {
      if (status) status.textContent = "Not connected to the server; retrying…";
    });
    events.addEventListener("hello", () => {
      if (status) status.textContent = "Refreshes when you save a project file.";
    });
  }

  // A whole day: the progress bar.
  if (body.dataset.job) {
    const bar = document.getElementById("progress");
    const label = document.getElementById("progress-label");
    const poll = async () => {
      try {
        const response = await fetch("/day/" + body.dataset.job + "/status", { cache: "no-store" });
        const state = await response.json();
        if (state.total) {
          bar.max = state.total;
          bar.value = state.done;
          label.textContent = "Making packets: " + state.done + " of " + state.total;
        }
        if (!state.running) {
          window.location.reload();
          return;
        }
      } catch (error) {
        label.textContent = "Waiting for the server…";
      }
      setTimeout(poll, 300);
    };
    poll();
  }
});
