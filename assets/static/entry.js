// Paritrana: an entry's form, for entrants on slow connections and shared
// computers. The form works without this script (its Save button posts).
// With it, every change is saved as a draft shortly after it is typed,
// kept on this device until the server has it, and a save refused because
// the entry changed elsewhere shows both versions without losing a word.
(function () {
  "use strict";

  var form = document.getElementById("formulir");
  if (!form) {
    return;
  }
  document.documentElement.classList.add("js");

  var id = form.getAttribute("data-entry");
  var texts = JSON.parse(document.getElementById("entri-teks").textContent);
  var version = form.elements.version;
  var csrf = form.elements.csrf;
  var state = form.querySelector("[data-save-state]");
  var filled = form.querySelector("[data-filled]");
  var bar = form.querySelector(".sheet-bar progress");
  var boxes = Array.prototype.slice.call(form.querySelectorAll(".entry-field"));
  var address = "/entri/" + id + "/draf";
  var storeKey = "paritrana.entri." + id;

  var timer = null;
  var retry = null;
  var inFlight = null;
  var dirty = false;
  // Why saving stopped: null, "offline", "signed_out", "token", "failed",
  // "conflict", "invalid" or "locked".
  var trouble = null;

  function local(action) {
    try {
      return action(window.localStorage);
    } catch (e) {
      return null;
    }
  }

  function inputsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("input[name^='nilai.'], textarea[name^='nilai.']"));
  }

  // What the entrant has put in, field by field.
  function values() {
    var out = {};
    boxes.forEach(function (box) {
      var inputs = inputsOf(box);
      if (inputs.length === 0) {
        return;
      }
      var value = "";
      inputs.forEach(function (input) {
        if (input.type !== "radio" || input.checked) {
          value = input.value;
        }
      });
      out[box.getAttribute("data-key")] = value;
    });
    return out;
  }

  function setValue(box, value) {
    inputsOf(box).forEach(function (input) {
      if (input.type === "radio") {
        input.checked = input.value === value;
      } else {
        input.value = value;
      }
    });
  }

  function remember() {
    local(function (s) {
      s.setItem(storeKey, JSON.stringify({ base: version.value, values: values(), at: Date.now() }));
    });
  }

  function forget() {
    local(function (s) { s.removeItem(storeKey); });
  }

  function show(text, kind, link) {
    state.textContent = text;
    state.className = "save-state save-" + kind;
    if (link) {
      var a = document.createElement("a");
      a.href = link.href;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = link.text;
      state.appendChild(document.createTextNode(" "));
      state.appendChild(a);
    }
  }

  function isFilled(box) {
    if (box.getAttribute("data-kind") === "document") {
      return box.querySelector("ul.files li") !== null;
    }
    var v = values()[box.getAttribute("data-key")];
    return v !== undefined && v.trim() !== "";
  }

  function progress() {
    var done = 0;
    boxes.forEach(function (box) {
      if (isFilled(box)) {
        done += 1;
      }
    });
    filled.textContent = filled.getAttribute("data-template")
      .replace("{done}", done).replace("{total}", boxes.length);
    bar.value = done;
    form.querySelectorAll("section.form-section").forEach(function (section) {
      var count = document.querySelector("[data-section-done='" + section.id + "']");
      if (!count) {
        return;
      }
      var inSection = section.querySelectorAll(".entry-field");
      var sectionDone = Array.prototype.filter.call(inSection, isFilled).length;
      count.textContent = sectionDone + "/" + inSection.length;
    });
  }

  function showErrors(byKey) {
    boxes.forEach(function (box) {
      var key = box.getAttribute("data-key");
      var error = box.querySelector("p.error");
      var text = byKey && byKey[key];
      error.textContent = text || "";
      error.hidden = !text;
      inputsOf(box).forEach(function (input) {
        if (text) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      });
    });
  }

  function clearElsewhere() {
    form.querySelectorAll(".saved-elsewhere, .conflict").forEach(function (box) { box.remove(); });
  }

  function changed(target) {
    if (!target.name || target.name.indexOf("nilai.") !== 0) {
      return;
    }
    dirty = true;
    remember();
    progress();
    if (trouble !== "conflict" && trouble !== "locked") {
      show(texts.unsaved, "unsaved");
    }
    clearTimeout(timer);
    timer = setTimeout(save, target.tagName === "TEXTAREA" ? 1500 : 800);
  }

  async function answer(response) {
    try {
      return await response.json();
    } catch (e) {
      return { outcome: "failed" };
    }
  }

  // Reads the entry as saved, with a fresh form token.
  async function refresh() {
    var response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    var a = await answer(response);
    if (a.outcome === "current") {
      csrf.value = a.csrf;
    }
    return a;
  }

  function later(kind, text, link) {
    trouble = kind;
    dirty = true;
    show(text, "error", link);
    clearTimeout(retry);
    retry = setTimeout(resume, 8000);
  }

  async function resume() {
    clearTimeout(retry);
    if (!trouble || trouble === "conflict" || trouble === "locked") {
      return;
    }
    if (trouble === "signed_out" || trouble === "token") {
      try {
        var a = await refresh();
        if (a.outcome !== "current") {
          later(trouble, state.textContent, trouble === "signed_out"
            ? { href: "/masuk?next=" + encodeURIComponent("/entri/" + id), text: texts.signIn }
            : null);
          return;
        }
      } catch (e) {
        later("offline", texts.offline);
        return;
      }
    }
    trouble = null;
    save();
  }

  // The entry changed elsewhere: keep what the entrant typed, show what
  // is saved beside each field that differs, and let them choose.
  function conflict(a) {
    var mine = values();
    var theirs = a.saved || {};
    var differing = boxes.filter(function (box) {
      var key = box.getAttribute("data-key");
      return theirs[key] !== undefined && mine[key] !== undefined && theirs[key].trim() !== mine[key].trim();
    });
    if (differing.length === 0 && a.version !== undefined) {
      // Saved elsewhere exactly as here (our own save, its answer lost).
      version.value = a.version;
      dirty = false;
      trouble = null;
      forget();
      show(texts.saved, "saved");
      return;
    }
    trouble = "conflict";
    clearElsewhere();
    differing.forEach(function (box) {
      var note = document.createElement("div");
      note.className = "notice notice-warning saved-elsewhere";
      var p = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = texts.savedElsewhere + " ";
      p.appendChild(strong);
      var saved = theirs[box.getAttribute("data-key")];
      p.appendChild(document.createTextNode(saved.trim() === "" ? texts.savedEmpty : saved));
      note.appendChild(p);
      box.appendChild(note);
    });
    var box = document.createElement("div");
    box.className = "notice notice-warning conflict";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = texts.conflict;
    box.appendChild(text);
    var actions = document.createElement("p");
    actions.className = "actions";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "primary";
    keep.textContent = texts.keepMine;
    keep.addEventListener("click", function () {
      version.value = a.version;
      clearElsewhere();
      trouble = null;
      dirty = true;
      remember();
      save();
    });
    var take = document.createElement("button");
    take.type = "button";
    take.className = "secondary";
    take.textContent = texts.takeSaved;
    take.addEventListener("click", function () {
      version.value = a.version;
      boxes.forEach(function (b) {
        var key = b.getAttribute("data-key");
        if (theirs[key] !== undefined) {
          setValue(b, theirs[key]);
        }
      });
      clearElsewhere();
      trouble = null;
      dirty = false;
      forget();
      progress();
      show(texts.saved, "saved");
    });
    actions.appendChild(keep);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(take);
    box.appendChild(actions);
    form.insertBefore(box, form.querySelector("section.form-section"));
    show(texts.conflict, "error");
    box.scrollIntoView({ block: "center" });
  }

  async function send(sent) {
    var a;
    try {
      var response = await fetch(address, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      });
      a = await answer(response);
    } catch (e) {
      later("offline", texts.offline);
      return;
    }
    if (a.version !== undefined && a.outcome !== "conflict") {
      version.value = a.version;
    }
    switch (a.outcome) {
    case "saved":
      trouble = null;
      showErrors(null);
      if (!dirty && JSON.stringify(values()) === sent) {
        forget();
      } else {
        remember();
      }
      show(texts.saved + " " + (a.saved_at || ""), "saved");
      break;
    case "invalid":
      trouble = "invalid";
      showErrors(a.fields);
      remember();
      show(a.message, "error");
      break;
    case "conflict":
      conflict(a);
      break;
    case "locked":
      trouble = "locked";
      show(a.message, "error");
      break;
    case "signed_out":
      later("signed_out", texts.signedOut, { href: "/masuk?next=" + encodeURIComponent("/entri/" + id), text: texts.signIn });
      break;
    case "token":
      trouble = "token";
      dirty = true;
      resume();
      break;
    default:
      later("failed", a.message || texts.failed);
    }
  }

  async function save() {
    clearTimeout(timer);
    timer = null;
    while (inFlight) {
      await inFlight;
    }
    if (!dirty || trouble === "conflict" || trouble === "locked") {
      return;
    }
    if (trouble === "invalid") {
      trouble = null;
    }
    dirty = false;
    var sent = JSON.stringify(values());
    show(texts.saving, "saving");
    inFlight = send(sent);
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
    if (dirty && !trouble) {
      await save();
    }
  }

  form.addEventListener("input", function (e) { changed(e.target); });
  form.addEventListener("change", function (e) {
    if (e.target.type === "radio" || e.target.type === "date") {
      changed(e.target);
    }
  });
  form.addEventListener("focusout", function () {
    if (dirty && timer) {
      save();
    }
  });
  // Sending goes through the server's own check of what is saved: save first.
  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (button && button.value === "kirim" && (dirty || trouble)) {
      e.preventDefault();
      save().then(function () {
        if (!dirty && !trouble) {
          forget();
          window.location.href = "/entri/" + id + "/kirim";
        }
      });
    } else {
      forget();
    }
  });
  window.addEventListener("online", resume);
  window.addEventListener("beforeunload", function (e) {
    if (dirty || inFlight) {
      e.preventDefault();
      e.returnValue = "";
    }
  });

  // What this device kept and the server does not have yet (a reload, a
  // lost connection, an expired session) comes back into the form and is
  // sent again, at the version it was typed against.
  var kept = local(function (s) { return JSON.parse(s.getItem(storeKey) || "null"); });
  if (kept && kept.values) {
    var now = values();
    var differs = Object.keys(kept.values).some(function (key) {
      return now[key] !== undefined && now[key] !== kept.values[key];
    });
    if (differs) {
      boxes.forEach(function (box) {
        var key = box.getAttribute("data-key");
        if (kept.values[key] !== undefined) {
          setValue(box, kept.values[key]);
        }
      });
      version.value = kept.base;
      dirty = true;
      show(texts.unsaved, "unsaved");
      save();
    } else {
      forget();
    }
  }
  progress();
}());

// Evidence: each chosen file is checked against the server's limit before
// it is sent, then sent on its own with its progress shown.
(function () {
  "use strict";

  var form = document.getElementById("unggah");
  if (!form) {
    return;
  }
  var texts = JSON.parse(document.getElementById("entri-teks").textContent);
  var input = form.querySelector("input[type=file]");
  var error = document.getElementById("berkas-error");
  var list = form.querySelector("[data-uploads]");
  var max = Number(form.getAttribute("data-max-bytes"));

  function size(bytes) {
    var mb = 1024 * 1024;
    var comma = document.documentElement.lang === "id" ? "," : ".";
    return bytes >= mb
      ? (Math.floor(bytes * 10 / mb) / 10).toFixed(1).replace(".", comma) + " MB"
      : Math.ceil(bytes / 1024) + " KB";
  }

  function fill(template, holes) {
    return Object.keys(holes).reduce(function (text, hole) {
      return text.split("{" + hole + "}").join(holes[hole]);
    }, template);
  }

  function sendOne(file) {
    return new Promise(function (resolve) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = fill(texts.sending, { name: file.name });
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      item.appendChild(label);
      item.appendChild(bar);
      list.appendChild(item);
      var body = new FormData();
      body.append("csrf", form.elements.csrf.value);
      if (form.elements.untuk) {
        body.append("untuk", form.elements.untuk.value);
      }
      body.append("berkas", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round(e.loaded * 100 / e.total);
        }
      });
      xhr.addEventListener("load", function () {
        var a = {};
        try {
          a = JSON.parse(xhr.responseText);
        } catch (e) {
          a = { outcome: "refused", message: texts.failed };
        }
        bar.remove();
        if (a.outcome === "stored") {
          label.textContent = fill(texts.stored, { name: a.name || file.name });
          item.className = "stored";
          resolve(true);
        } else {
          label.textContent = fill(texts.uploadFailed, { name: file.name, reason: a.message || texts.failed });
          item.className = "error";
          resolve(false);
        }
      });
      xhr.addEventListener("error", function () {
        bar.remove();
        label.textContent = fill(texts.uploadFailed, { name: file.name, reason: texts.offline });
        item.className = "error";
        resolve(false);
      });
      xhr.send(body);
    });
  }

  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    var refused = files.filter(function (f) { return f.size > max; });
    error.textContent = refused.map(function (f) {
      return fill(texts.tooLarge, { name: f.name, size: size(f.size), max: size(max) });
    }).join(" ");
    error.hidden = refused.length === 0;
    var stored = 0;
    for (var i = 0; i < files.length; i += 1) {
      if (files[i].size <= max && await sendOne(files[i])) {
        stored += 1;
      }
    }
    input.value = "";
    if (stored > 0 && refused.length === 0 && !list.querySelector("li.error")) {
      // The list of files and what is missing are the server's: read them again.
      window.location.reload();
    }
  });

  // "Upload it under Evidence" beside a document field chooses that field.
  document.querySelectorAll("[data-upload-for]").forEach(function (link) {
    link.addEventListener("click", function () {
      if (form.elements.untuk) {
        form.elements.untuk.value = link.getAttribute("data-upload-for");
      }
      input.focus();
    });
  });
}());
