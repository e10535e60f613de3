// Paritrana: the scoresheet, for judges who score between meetings.
// The form works without this script. With it, every change is saved as a
// draft as it is made (and kept on this device until the server has it),
// a tap on a level scores, and keys move, score, go on and submit.
(function () {
  "use strict";

  function storeKey(id) {
    return "paritrana.lembar." + id;
  }

  function local(action) {
    try {
      return action(window.localStorage);
    } catch (e) {
      return null;
    }
  }

  // A sheet that is submitted or summarised needs nothing kept here.
  var done = document.querySelector("[data-forget-sheet]");
  if (done) {
    local(function (s) { s.removeItem(storeKey(done.getAttribute("data-forget-sheet"))); });
  }

  var form = document.getElementById("lembar");
  if (!form) {
    return;
  }
  document.documentElement.classList.add("js");

  var id = form.getAttribute("data-sheet");
  var texts = JSON.parse(document.getElementById("lembar-teks").textContent);
  var version = form.elements.version;
  var csrf = form.elements.csrf;
  var state = form.querySelector("[data-save-state]");
  var scored = form.querySelector("[data-scored]");
  var bar = form.querySelector(".sheet-bar progress");
  var dialog = document.getElementById("tombol-pintas");
  var criteria = Array.prototype.slice.call(form.querySelectorAll("fieldset.criterion"));
  var key = storeKey(id);
  var address = "/penilaian/" + id + "/draf";

  var timer = null;
  var inFlight = null;
  var dirty = false;
  var paused = false;
  // What went wrong with the last save, or null when it went through.
  var trouble = null;
  var retry = null;

  function parts(fs) {
    return {
      score: fs.querySelector("input[name^='skor.']"),
      comment: fs.querySelector("textarea"),
      abstain: fs.querySelector("input[type=checkbox]"),
      levels: Array.prototype.slice.call(fs.querySelectorAll("button.level")),
      error: fs.querySelector("p.error")
    };
  }

  function number(text) {
    var value = parseFloat(String(text).trim().replace(",", "."));
    return isNaN(value) ? null : value;
  }

  // What the judge has put in, criterion by criterion.
  function fields() {
    var out = {};
    criteria.forEach(function (fs) {
      var p = parts(fs);
      var k = fs.getAttribute("data-key");
      out[k] = {
        score: p.score.value.trim(),
        comment: p.comment.value,
        abstain: p.abstain ? p.abstain.checked : false
      };
    });
    return out;
  }

  function same(a, b) {
    return a.score === b.score && a.comment.trim() === b.comment.trim() && a.abstain === b.abstain;
  }

  // The save in flight, if any: what it sent and at which version, so
  // that after a reload its landing is recognised as our own.
  var sending = null;

  function remember() {
    local(function (s) {
      s.setItem(key, JSON.stringify({
        base: version.value, fields: fields(), sending: sending, at: Date.now()
      }));
    });
  }

  function forgetLocal() {
    local(function (s) { s.removeItem(key); });
  }

  // Shows the state of saving beside the progress, with a link if given.
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

  // Keeps a criterion's levels, abstain and progress in step with its fields.
  function sync(fs) {
    var p = parts(fs);
    if (p.abstain) {
      p.score.disabled = p.abstain.checked;
    }
    var value = p.score.disabled ? null : number(p.score.value);
    p.levels.forEach(function (level) {
      var chosen = value !== null &&
        value >= number(level.getAttribute("data-from")) &&
        value <= number(level.getAttribute("data-to"));
      level.setAttribute("aria-pressed", chosen ? "true" : "false");
    });
  }

  function progress() {
    var count = 0;
    criteria.forEach(function (fs) {
      var p = parts(fs);
      if ((p.abstain && p.abstain.checked) || p.score.value.trim() !== "") {
        count += 1;
      }
    });
    scored.textContent = scored.getAttribute("data-template")
      .replace("{done}", count).replace("{total}", criteria.length);
    bar.value = count;
  }

  function apply(values) {
    criteria.forEach(function (fs) {
      var v = values[fs.getAttribute("data-key")];
      if (!v) {
        return;
      }
      var p = parts(fs);
      p.score.value = v.score;
      p.comment.value = v.comment;
      if (p.abstain) {
        p.abstain.checked = v.abstain;
      }
      sync(fs);
    });
    progress();
  }

  function showErrors(byKey) {
    criteria.forEach(function (fs) {
      var p = parts(fs);
      var text = byKey && byKey[fs.getAttribute("data-key")];
      p.error.textContent = text || "";
      p.error.hidden = !text;
      if (text) {
        p.score.setAttribute("aria-invalid", "true");
        p.score.setAttribute("aria-describedby", p.error.id);
      } else {
        p.score.removeAttribute("aria-invalid");
        p.score.removeAttribute("aria-describedby");
      }
    });
  }

  function changed(target) {
    var fs = target.closest && target.closest("fieldset.criterion");
    if (!fs) {
      return;
    }
    sync(fs);
    progress();
    dirty = true;
    remember();
    if (!paused) {
      show(texts.unsaved, "unsaved");
    }
    clearTimeout(timer);
    timer = setTimeout(save, target.tagName === "TEXTAREA" ? 1500 : 600);
  }

  function body() {
    return new URLSearchParams(new FormData(form));
  }

  async function answer(response) {
    try {
      return await response.json();
    } catch (e) {
      return { outcome: "failed" };
    }
  }

  // Reads the sheet as saved, with a fresh form token.
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
    if (!trouble || paused) {
      return;
    }
    if (trouble === "signed_out" || trouble === "token") {
      try {
        var a = await refresh();
        if (a.outcome !== "current") {
          later(trouble, state.textContent);
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

  var conflictBox = null;

  function settleConflict() {
    if (conflictBox) {
      conflictBox.remove();
      conflictBox = null;
    }
    form.querySelectorAll(".saved-elsewhere").forEach(function (box) { box.remove(); });
    paused = false;
  }

  // The sheet changed elsewhere: keep the judge's text and show what is
  // saved beside each criterion that differs, until the judge chooses.
  function conflict(a) {
    var mine = fields();
    var differing = criteria.filter(function (fs) {
      var theirs = a.saved && a.saved[fs.getAttribute("data-key")];
      return theirs && !same(mine[fs.getAttribute("data-key")], theirs);
    });
    if (a.version !== undefined && differing.length === 0) {
      // Our own save, whose answer was lost: nothing differs.
      version.value = a.version;
      dirty = false;
      forgetLocal();
      show(texts.saved, "saved");
      return;
    }
    paused = true;
    trouble = "conflict";
    form.querySelectorAll(".saved-elsewhere").forEach(function (box) { box.remove(); });
    differing.forEach(function (fs) {
      var theirs = a.saved[fs.getAttribute("data-key")];
      var box = document.createElement("div");
      box.className = "notice notice-warning saved-elsewhere";
      var p = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = texts.savedElsewhere + " ";
      p.appendChild(strong);
      var what = theirs.abstain ? texts.abstained : theirs.score;
      if (theirs.comment) {
        what = (what ? what + ": " : "") + "«" + theirs.comment + "»";
      }
      p.appendChild(document.createTextNode(what));
      box.appendChild(p);
      fs.appendChild(box);
    });
    conflictBox = document.createElement("div");
    conflictBox.className = "notice notice-warning conflict";
    conflictBox.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = texts.conflict;
    conflictBox.appendChild(text);
    var actions = document.createElement("p");
    actions.className = "actions";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "primary";
    keep.textContent = texts.keepMine;
    keep.addEventListener("click", function () {
      version.value = a.version;
      settleConflict();
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
      apply(a.saved);
      settleConflict();
      trouble = null;
      dirty = false;
      forgetLocal();
      show(texts.saved, "saved");
    });
    actions.appendChild(keep);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(take);
    conflictBox.appendChild(actions);
    form.insertBefore(conflictBox, criteria[0]);
    show(texts.conflict, "error");
  }

  async function send(sent) {
    var a;
    try {
      var response = await fetch(address, {
        method: "POST",
        body: body(),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      });
      a = await answer(response);
    } catch (e) {
      later("offline", texts.offline);
      return;
    }
    switch (a.outcome) {
    case "saved":
      trouble = null;
      sending = null;
      version.value = a.version;
      showErrors(null);
      if (!dirty && JSON.stringify(fields()) === sent) {
        forgetLocal();
      } else {
        remember();
      }
      show(texts.saved + " " + (a.saved_at || ""), "saved");
      break;
    case "invalid":
      trouble = "invalid";
      showErrors(a.fields);
      show(a.message, "error");
      break;
    case "conflict":
      conflict(a);
      break;
    case "locked":
      paused = true;
      trouble = "locked";
      show(a.message, "error");
      break;
    case "signed_out":
      later("signed_out", texts.signedOut, { href: "/masuk", text: texts.signIn });
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
    if (paused || !dirty) {
      return;
    }
    dirty = false;
    var sent = JSON.stringify(fields());
    sending = { base: version.value, fields: JSON.parse(sent) };
    remember();
    show(texts.saving, "saving");
    inFlight = send(sent);
    try {
      await inFlight;
    } finally {
      inFlight = null;
      sending = null;
    }
    if (dirty && !paused && !trouble) {
      await save();
    }
  }

  // Saves what is pending; true when everything is on the server.
  async function flush() {
    await save();
    while (inFlight) {
      await inFlight;
    }
    return !dirty && !paused && !trouble;
  }

  async function go(where) {
    if (!(await flush())) {
      state.focus();
      return;
    }
    forgetLocal();
    window.location.href = where === "kirim"
      ? "/penilaian/" + id + "/kirim"
      : "/penilaian/berikutnya?dari=" + encodeURIComponent(id);
  }

  function scoreOf(fs) {
    return parts(fs).score;
  }

  function focusCriterion(fs) {
    var p = parts(fs);
    var target = p.score.disabled ? (p.abstain || p.comment) : p.score;
    target.focus();
    if (target === p.score) {
      p.score.select();
    }
  }

  function move(step, from) {
    var at = criteria.indexOf(from);
    var next = at < 0 ? (step > 0 ? 0 : criteria.length - 1) : at + step;
    if (next >= 0 && next < criteria.length) {
      focusCriterion(criteria[next]);
    }
  }

  form.addEventListener("input", function (e) { changed(e.target); });
  form.addEventListener("change", function (e) {
    if (e.target.type === "checkbox") {
      changed(e.target);
    }
  });
  form.addEventListener("focusout", function (e) {
    if (dirty && e.target.closest && e.target.closest("fieldset.criterion")) {
      save();
    }
  });

  // A tapped level scores its middle; the field can then be fine-tuned.
  form.addEventListener("click", function (e) {
    var level = e.target.closest && e.target.closest("button.level");
    if (!level) {
      return;
    }
    e.preventDefault();
    var fs = level.closest("fieldset.criterion");
    var p = parts(fs);
    if (p.abstain) {
      p.abstain.checked = false;
    }
    p.score.disabled = false;
    p.score.value = level.value;
    changed(p.score);
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var action = e.submitter ? e.submitter.value : "simpan";
    if (action === "kirim" || action === "lanjut") {
      go(action);
    } else {
      dirty = true;
      save();
    }
  });

  function isScore(el) {
    return el.tagName === "INPUT" && el.name && el.name.indexOf("skor.") === 0;
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      go("kirim");
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || (dialog && dialog.open)) {
      return;
    }
    var typing = t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
      (t.tagName === "INPUT" && !isScore(t) && t.type !== "checkbox");
    if (typing) {
      return;
    }
    var fs = t.closest ? t.closest("fieldset.criterion") : null;
    if (e.key === "j" || e.key === "k") {
      e.preventDefault();
      move(e.key === "j" ? 1 : -1, fs);
    } else if (e.key === "n") {
      e.preventDefault();
      go("lanjut");
    } else if (e.key === "?") {
      e.preventDefault();
      if (dialog) {
        dialog.showModal();
      }
    } else if (isScore(t) && e.key === "Enter") {
      e.preventDefault();
      save();
      move(1, fs);
    } else if (/^[0-9]$/.test(e.key) && fs && !isScore(t)) {
      // A digit on a criterion's level or checkbox starts its score.
      e.preventDefault();
      var input = scoreOf(fs);
      if (!input.disabled) {
        input.focus();
        input.value = e.key;
        changed(input);
      }
    }
  });

  var help = form.querySelector("[data-keys-open]");
  if (help && dialog) {
    help.hidden = false;
    help.addEventListener("click", function () { dialog.showModal(); });
  }

  window.addEventListener("online", resume);
  window.addEventListener("focus", resume);

  criteria.forEach(sync);

  // Text typed here before a reload, a lost connection or an expired
  // session comes back and is saved (or shown beside what is saved).
  var kept = local(function (s) { return JSON.parse(s.getItem(key) || "null"); });
  if (kept && kept.fields) {
    var now = fields();
    var landed = kept.sending &&
      Number(version.value) === Number(kept.sending.base) + 1 &&
      criteria.every(function (fs) {
        var k = fs.getAttribute("data-key");
        return !kept.sending.fields[k] || same(kept.sending.fields[k], now[k]);
      });
    if (landed) {
      // The save in flight when the page went away did land: build on it.
      kept.base = version.value;
    }
    var differs = criteria.some(function (fs) {
      var k = fs.getAttribute("data-key");
      return kept.fields[k] && !same(kept.fields[k], now[k]);
    });
    if (differs) {
      apply(kept.fields);
      version.value = kept.base;
      dirty = true;
      show(texts.restored, "unsaved");
      save();
    } else {
      forgetLocal();
    }
  }
})();
