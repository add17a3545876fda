// Autosave for assessment sections: while the form changes, it is saved as a draft every 20 seconds, so nothing
// typed is lost if the practitioner is called away mid-interview. Progressive enhancement only: without
// JavaScript the "Save and come back later" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var seconds = parseInt(form.getAttribute("data-autosave"), 10) || 20;
  var dirty = false;
  var saving = false;
  var submitting = false;
  var held = null; // a submission that arrived while a draft was being saved: sent once the new version is known
  function changed() { dirty = true; }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    if (held) return;
    submitting = true;
    if (saving) {
      event.preventDefault();
      held = { button: event.submitter || null };
    }
  });
  function release() {
    var button = held.button;
    if (button && form.requestSubmit) {
      form.requestSubmit(button);
    } else {
      if (button && button.name) {
        var extra = document.createElement("input");
        extra.type = "hidden";
        extra.name = button.name;
        extra.value = button.value;
        form.appendChild(extra);
      }
      form.submit();
    }
  }
  function say(text) { if (status) status.textContent = text; }
  function save() {
    if (!dirty || saving || submitting) return;
    dirty = false;
    saving = true;
    var data = new URLSearchParams(new FormData(form));
    data.set("finished", "no");
    data.set("autosave", "1");
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      if (response.status === 204) {
        var field = form.querySelector("input[name=version]");
        if (!field) {
          field = document.createElement("input");
          field.type = "hidden";
          field.name = "version";
          form.appendChild(field);
        }
        field.value = response.headers.get("X-Version");
        var now = new Date();
        say("Draft saved automatically at " + ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2));
      } else if (response.status === 409) {
        say("Someone else has changed this section. Save to compare your answers with theirs.");
      } else {
        dirty = true;
        say("Not saved automatically. Use “Save and come back later”.");
      }
    }).catch(function () {
      dirty = true;
      say("Not saved automatically: check your connection.");
    }).then(function () {
      saving = false;
      if (held) release();
    });
  }
  window.setInterval(save, seconds * 1000);
})();
