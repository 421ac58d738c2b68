/* Cachebook's course website: exercises, progress, the table of contents, search and
   keyboard shortcuts. No dependencies, no network: it works from file://. */
(function () {
  "use strict";

  var Cachebook = {};
  window.Cachebook = Cachebook;

  // ---- SHA-256 (FIPS 180-4), synchronous, so it works where crypto.subtle does not ----
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function utf8(text) { return Array.from(new TextEncoder().encode(text)); }

  function sha256(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var data = bytes.slice();
    data.push(0x80);
    while (data.length % 64 !== 56) { data.push(0); }
    var bits = length * 8;
    for (var shift = 56; shift >= 0; shift -= 8) { data.push(shift >= 32 ? Math.floor(bits / Math.pow(2, shift)) & 0xff : (bits >>> shift) & 0xff); }
    var w = new Array(64);
    for (var offset = 0; offset < data.length; offset += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (data[offset + 4 * i] << 24) | (data[offset + 4 * i + 1] << 16) | (data[offset + 4 * i + 2] << 8) | data[offset + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
    }
    var out = [];
    h.forEach(function (word) { out.push((word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff); });
    return out;
  }
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  function hex(bytes) { return bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join(""); }

  // ---- Answers: the same normalization and hashing as the command line (AnswerHashing.swift) ----
  Cachebook.normalizeText = function (answer) {
    return answer.normalize("NFC").toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; }).join(" ");
  };
  Cachebook.normalizeChoices = function (answer) {
    var ids = answer.toLowerCase().split(/[\s,]+/).filter(function (w) { return w.length > 0; });
    return Array.from(new Set(ids)).sort().join(",");
  };
  Cachebook.parseNumber = function (answer) {
    var text = answer.trim().replace(/,/g, "");
    var scale = 1;
    if (text.endsWith("%")) { text = text.slice(0, -1).trim(); scale = 0.01; }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) { return null; }
    var value = Number(text);
    return isFinite(value) ? value * scale : null;
  };
  Cachebook.rounded = function (value, precision) {
    var magnitude = Math.floor(Math.abs(value) * Math.pow(10, precision) + 0.5);
    var digits = magnitude.toFixed(0);
    if (precision > 0) {
      while (digits.length <= precision) { digits = "0" + digits; }
      digits = digits.slice(0, digits.length - precision) + "." + digits.slice(digits.length - precision);
    }
    return (value < 0 && magnitude !== 0 ? "-" : "") + digits;
  };
  // The numbers within `tolerance` of `value` on the answer's grid, rounded as answers are, so
  // their hashes can be compared with the answer's. The same rule as the command line's
  // NumberQuestion.accepts: the value's own rounding, or any grid point no further than the tolerance.
  // Grid points beyond 2^53 are not whole numbers any more: past it only the value's own
  // rounding counts, on both sides. Lint keeps a tolerance under 10,000 steps.
  Cachebook.numberCandidates = function (value, precision, tolerance) {
    var step = Math.pow(10, -precision);
    var candidates = [Cachebook.rounded(value, precision)];
    var seen = {};
    seen[candidates[0]] = true;
    var first = Math.floor((value - tolerance) / step) - 1;
    var last = Math.ceil((value + tolerance) / step) + 1;
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last - first > 20010) { return candidates; }
    for (var k = first; k <= last; k++) {
      var text = Cachebook.rounded(k * step, precision);
      if (!seen[text] && Math.abs(value - Number(text)) <= tolerance + 1e-9) {
        seen[text] = true;
        candidates.push(text);
      }
    }
    return candidates;
  };
  Cachebook.hash = function (normalized, salt) { return hex(sha256(utf8(salt + "\u001f" + normalized))); };
  Cachebook.open = function (sealed, secret, salt, purpose) {
    var bytes;
    try { bytes = Array.from(atob(sealed), function (c) { return c.charCodeAt(0); }); } catch (e) { return null; }
    var key = sha256(utf8(purpose + "\u001f" + salt + "\u001f" + secret));
    var out = [], block = [];
    for (var i = 0; i < bytes.length; i++) {
      if (i % 32 === 0) {
        var counter = i / 32;
        block = sha256(key.concat([(counter >>> 24) & 0xff, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]));
      }
      out.push(bytes[i] ^ block[i % 32]);
    }
    try { return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(out)); } catch (e) { return null; }
  };

  // ---- Progress, in the same format as the command line's progress.json ----
  var storageKey = "cachebook-progress";
  var statusRank = { "not-attempted": 0, attempted: 1, revealed: 2, passed: 3 };
  function now() { return new Date().toISOString().replace(/\.\d{3}Z$/, "Z"); }
  function loadProgress() {
    try {
      var stored = JSON.parse(localStorage.getItem(storageKey));
      if (stored && typeof stored === "object" && stored.courses) { return stored; }
    } catch (e) { /* unreadable: start over */ }
    return { formatVersion: 1, courses: {} };
  }
  function saveProgress(progress) {
    try { localStorage.setItem(storageKey, JSON.stringify(progress)); } catch (e) { /* storage full or disabled */ }
  }
  function courseProgress(progress, courseID) {
    var course = progress.courses[courseID] || (progress.courses[courseID] = { lessons: {}, checklist: {} });
    course.lessons = course.lessons || {};
    course.checklist = course.checklist || {};
    return course;
  }
  function lessonProgress(course, lessonID) {
    return course.lessons[lessonID] || (course.lessons[lessonID] = { activeSeconds: 0, exercises: {} });
  }
  function exerciseProgress(lesson, exerciseID) {
    lesson.exercises = lesson.exercises || {};
    return lesson.exercises[exerciseID] || (lesson.exercises[exerciseID] = { status: "not-attempted", attempts: 0, hintsShown: 0 });
  }
  function update(change) {
    var progress = loadProgress();
    var result = change(courseProgress(progress, courseID()));
    saveProgress(progress);
    return result;
  }
  Cachebook.mergeProgress = function (into, other) {
    Object.keys(other.courses || {}).forEach(function (id) {
      var theirs = other.courses[id], mine = courseProgress(into, id);
      Object.keys(theirs.lessons || {}).forEach(function (lessonID) {
        var t = theirs.lessons[lessonID], m = lessonProgress(mine, lessonID);
        m.firstReadAt = earliest(m.firstReadAt, t.firstReadAt);
        m.lastReadAt = latest(m.lastReadAt, t.lastReadAt);
        m.activeSeconds = Math.max(m.activeSeconds || 0, t.activeSeconds || 0);
        Object.keys(t.exercises || {}).forEach(function (exerciseID) {
          var te = t.exercises[exerciseID], me = exerciseProgress(m, exerciseID);
          if ((statusRank[te.status] || 0) > (statusRank[me.status] || 0)) { me.status = te.status; }
          me.attempts = Math.max(me.attempts || 0, te.attempts || 0);
          me.hintsShown = Math.max(me.hintsShown || 0, te.hintsShown || 0);
          me.passedAt = earliest(me.passedAt, te.passedAt);
          me.revealedAt = earliest(me.revealedAt, te.revealedAt);
        });
      });
      Object.keys(theirs.checklist || {}).forEach(function (item) {
        var tick = theirs.checklist[item];
        if (!mine.checklist[item] || tick.tickedAt < mine.checklist[item].tickedAt) { mine.checklist[item] = tick; }
      });
      if (theirs.lastActivity && (!mine.lastActivity || theirs.lastActivity.at > mine.lastActivity.at)) { mine.lastActivity = theirs.lastActivity; }
    });
    return into;
  };
  function earliest(a, b) { if (!a) { return b; } if (!b) { return a; } return a < b ? a : b; }
  function latest(a, b) { if (!a) { return b; } if (!b) { return a; } return a > b ? a : b; }

  // ---- Course structure, from toc.js ----
  var toc = window.CACHEBOOK_TOC || { course: {}, phases: [], checklist: [] };
  function courseID() { return document.body.getAttribute("data-course") || toc.course.id; }
  function root() { return document.body.getAttribute("data-root") || ""; }
  function allLessons() { return toc.phases.reduce(function (list, phase) { return list.concat(phase.lessons); }, []); }
  function lessonStatus(course, lesson) {
    var record = course.lessons[lesson.id];
    if (!record || !record.firstReadAt) { return { key: "unread", label: "unread" }; }
    var passed = lesson.exercises.filter(function (id) { return record.exercises && record.exercises[id] && record.exercises[id].status === "passed"; }).length;
    if (passed === lesson.exercises.length) { return { key: "complete", label: "complete" }; }
    return { key: "read", label: "read, " + passed + "/" + lesson.exercises.length + " exercises" };
  }
  function phaseComplete(course, phaseID) {
    var phase = toc.phases.filter(function (p) { return p.id === phaseID; })[0];
    return !!phase && phase.lessons.length > 0 && phase.lessons.every(function (lesson) { return lessonStatus(course, lesson).key === "complete"; });
  }

  // ---- Page wiring ----
  function refreshStatuses() {
    var course = courseProgress(loadProgress(), courseID());
    var lessons = allLessons();
    document.querySelectorAll("[data-lesson-status]").forEach(function (element) {
      var holder = element.closest("[data-lesson]");
      var id = holder ? holder.getAttribute("data-lesson") : document.body.getAttribute("data-lesson");
      var lesson = lessons.filter(function (l) { return l.id === id; })[0];
      if (!lesson) { return; }
      var status = lessonStatus(course, lesson);
      element.textContent = status.label;
      element.className = element.className.replace(/\b(unread|read|complete)\b/g, "").trim() + " " + status.key;
    });
    document.querySelectorAll("[data-item]").forEach(function (element) {
      var item = toc.checklist.filter(function (i) { return i.id === element.getAttribute("data-item"); })[0];
      if (!item) { return; }
      var ticked = item.manual ? !!course.checklist[item.id] : phaseComplete(course, item.phase);
      element.classList.toggle("ticked", ticked);
      var box = element.querySelector(".box");
      if (box) { box.textContent = ticked ? "☑" : "☐"; }
      var checkbox = element.querySelector("[data-manual-item]");
      if (checkbox) { checkbox.checked = ticked; }
    });
    var nextUp = document.querySelector("[data-next-up]");
    if (nextUp) {
      var next = lessons.filter(function (lesson) { return lessonStatus(course, lesson).key !== "complete"; })[0];
      if (next) {
        nextUp.textContent = "Next up: ";
        var link = document.createElement("a");
        link.href = root() + next.href;
        link.textContent = next.title;
        nextUp.appendChild(link);
        nextUp.hidden = false;
      }
    }
    document.querySelectorAll(".sidebar [data-toc-lesson]").forEach(function (link) {
      var lesson = lessons.filter(function (l) { return l.id === link.getAttribute("data-toc-lesson"); })[0];
      var mark = link.querySelector(".toc-status");
      if (lesson && mark) { mark.textContent = lessonStatus(course, lesson).key === "complete" ? "✓" : ""; }
    });
  }

  function buildSidebar() {
    var sidebar = document.getElementById("sidebar");
    if (!sidebar || !toc.phases.length) { return; }
    var current = document.body.getAttribute("data-lesson");
    sidebar.textContent = "";
    var home = document.createElement("a");
    home.href = root() + "index.html";
    home.textContent = toc.course.title || "Course";
    sidebar.appendChild(home);
    toc.phases.forEach(function (phase) {
      var title = document.createElement("p");
      title.className = "phase-title";
      title.textContent = "Phase " + phase.number + ": " + phase.title;
      sidebar.appendChild(title);
      var list = document.createElement("ol");
      phase.lessons.forEach(function (lesson) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root() + lesson.href;
        link.setAttribute("data-toc-lesson", lesson.id);
        link.textContent = lesson.title;
        var mark = document.createElement("span");
        mark.className = "toc-status";
        mark.setAttribute("aria-hidden", "true");
        link.appendChild(mark);
        if (lesson.id === current) { link.setAttribute("aria-current", "page"); }
        item.appendChild(link);
        list.appendChild(item);
      });
      sidebar.appendChild(list);
    });
    var extra = document.createElement("p");
    var checklist = document.createElement("a");
    checklist.href = root() + "checklist.html";
    checklist.textContent = "Progress and checklist";
    extra.appendChild(checklist);
    sidebar.appendChild(extra);
  }

  function setSidebarOpen(open) {
    document.body.classList.toggle("sidebar-open", open);
    var toggle = document.querySelector(".sidebar-toggle");
    if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  function wireTheme() {
    var button = document.querySelector(".theme-toggle");
    if (!button) { return; }
    function isDark() {
      var chosen = document.documentElement.getAttribute("data-theme");
      return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    }
    button.setAttribute("aria-pressed", isDark() ? "true" : "false");
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("cachebook-theme", next); } catch (e) { /* private mode */ }
      button.setAttribute("aria-pressed", next === "dark" ? "true" : "false");
    });
  }

  // ---- Exercises ----
  function wireExercise(section) {
    var exerciseID = section.getAttribute("data-exercise");
    var kind = section.getAttribute("data-kind");
    var salt = section.getAttribute("data-salt");
    var answers = JSON.parse(section.getAttribute("data-answers") || "[]");
    // On the print page every lesson's exercises share one page, so each section names its lesson.
    var lessonID = section.getAttribute("data-lesson") || document.body.getAttribute("data-lesson");
    var form = section.querySelector("form.answer");
    var verdict = section.querySelector(".verdict");
    var feedback = section.querySelector(".feedback");
    var explanation = section.querySelector(".explanation");
    var hintButton = section.querySelector(".hint-button");
    var hints = Array.from(section.querySelectorAll(".hint-list li"));

    function showHints(count) {
      hints.forEach(function (hint, index) { hint.hidden = index >= count; });
      if (hintButton) {
        hintButton.hidden = count >= hints.length;
        hintButton.textContent = "Show hint " + Math.min(count + 1, hints.length) + " of " + hints.length;
      }
    }
    var shown = update(function (course) { return exerciseProgress(lessonProgress(course, lessonID), exerciseID).hintsShown || 0; });
    showHints(Math.min(shown, hints.length));
    if (hintButton) {
      hintButton.addEventListener("click", function () {
        var count = update(function (course) {
          var record = exerciseProgress(lessonProgress(course, lessonID), exerciseID);
          record.hintsShown = Math.min((record.hintsShown || 0) + 1, hints.length);
          return record.hintsShown;
        });
        showHints(count);
        var revealed = hints[count - 1];
        if (revealed) { revealed.setAttribute("tabindex", "-1"); revealed.focus(); }
      });
    }
    var passed = update(function (course) { return exerciseProgress(lessonProgress(course, lessonID), exerciseID).status === "passed"; });
    if (passed) { verdict.textContent = "✓ You have answered this one."; verdict.className = "verdict correct"; }
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var normalized = null;
      var picked = [];
      if (kind === "choice" || kind === "multi") {
        picked = Array.from(form.querySelectorAll("input:checked"));
        normalized = Cachebook.normalizeChoices(picked.map(function (input) { return input.value; }).join(","));
      } else if (kind === "text") {
        normalized = Cachebook.normalizeText(form.querySelector("input").value);
      } else if (kind === "number") {
        var value = Cachebook.parseNumber(form.querySelector("input").value);
        var candidates = value === null ? [] : Cachebook.numberCandidates(value,
          Number(section.getAttribute("data-precision") || 0), Number(section.getAttribute("data-tolerance") || 0));
        normalized = candidates.length ? candidates[0] : null;
        for (var c = 0; c < candidates.length; c++) {
          var digest = Cachebook.hash(candidates[c], salt);
          if (answers.some(function (answer) { return answer.h === digest; })) { normalized = candidates[c]; break; }
        }
      }
      feedback.textContent = "";
      if (normalized === null || normalized === "") {
        verdict.textContent = kind === "number" ? "Please type a number." : "Please answer first.";
        verdict.className = "verdict wrong";
        return;
      }
      var digest = Cachebook.hash(normalized, salt);
      var match = answers.filter(function (answer) { return answer.h === digest; })[0];
      picked.forEach(function (input) {
        var sealed = input.getAttribute("data-feedback");
        var text = sealed && Cachebook.open(sealed, input.value, salt, "feedback");
        if (text) {
          var paragraph = document.createElement("p");
          var label = document.createElement("strong");
          label.textContent = input.value + ") ";
          var body = document.createElement("span");
          body.innerHTML = text;
          paragraph.appendChild(label);
          paragraph.appendChild(body);
          feedback.appendChild(paragraph);
        }
      });
      update(function (course) {
        var record = exerciseProgress(lessonProgress(course, lessonID), exerciseID);
        record.attempts = (record.attempts || 0) + 1;
        if (match) {
          if (record.status !== "passed") { record.passedAt = now(); }
          record.status = "passed";
        } else if (record.status === "not-attempted") {
          record.status = "attempted";
        }
      });
      if (match) {
        verdict.textContent = "✓ Correct!";
        verdict.className = "verdict correct";
        var text = Cachebook.open(match.e, normalized, salt, "explanation");
        if (text) { explanation.innerHTML = text; explanation.hidden = false; }
      } else {
        verdict.textContent = "✗ Not quite." + (hints.length && hintButton && !hintButton.hidden ? " A hint may help." : "");
        verdict.className = "verdict wrong";
        explanation.hidden = true;
      }
      refreshStatuses();
    });
  }

  // ---- Search ----
  function wireSearch() {
    var input = document.getElementById("search-input");
    var results = document.getElementById("search-results");
    if (!input || !results) { return; }
    // The index loads on first use; whatever asked for it while it loaded runs once it is there.
    var waiting = null;
    function ensureIndex(then) {
      if (window.CACHEBOOK_SEARCH) { then(); return; }
      if (waiting) { waiting.push(then); return; }
      waiting = [then];
      var script = document.createElement("script");
      script.src = root() + "assets/search-index.js";
      script.onload = function () { var callbacks = waiting; waiting = null; callbacks.forEach(function (callback) { callback(); }); };
      document.head.appendChild(script);
    }
    function render() {
      var index = window.CACHEBOOK_SEARCH;
      // Lowercased, then composed (NFC), as the index's words are.
      var words = input.value.toLowerCase().normalize("NFC").split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length >= 2; });
      results.textContent = "";
      if (!words.length || !index) { results.hidden = true; return; }
      var scores = {};
      words.forEach(function (word, position) {
        var keys = position === words.length - 1
          ? Object.keys(index.words).filter(function (key) { return key.indexOf(word) === 0; }).slice(0, 200)
          : (index.words[word] ? [word] : []);
        var found = {};
        keys.forEach(function (key) { index.words[key].split(" ").forEach(function (id) { found[parseInt(id, 36)] = true; }); });
        Object.keys(found).forEach(function (id) { scores[id] = (scores[id] || 0) + 1; });
      });
      var hits = Object.keys(scores).filter(function (id) { return scores[id] === words.length; }).map(Number).sort(function (a, b) { return a - b; }).slice(0, 20);
      if (!hits.length) {
        var none = document.createElement("p");
        none.textContent = "Nothing found.";
        results.appendChild(none);
      } else {
        var list = document.createElement("ol");
        hits.forEach(function (id) {
          var section = index.sections[id], page = index.pages[section[0]];
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = root() + page[0] + (section[1] ? "#" + section[1] : "");
          link.textContent = page[1];
          if (section[1]) {
            var detail = document.createElement("span");
            detail.className = "result-section";
            detail.textContent = section[2];
            link.appendChild(detail);
          }
          item.appendChild(link);
          list.appendChild(item);
        });
        results.appendChild(list);
      }
      results.hidden = false;
    }
    input.addEventListener("focus", function () { ensureIndex(function () {}); });
    input.addEventListener("input", function () { ensureIndex(render); });
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector("a");
      if (first) { window.location.href = first.href; }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { results.hidden = true; input.blur(); }
      if (event.key === "ArrowDown") { var first = results.querySelector("a"); if (first) { event.preventDefault(); first.focus(); } }
    });
    results.addEventListener("keydown", function (event) {
      var links = Array.from(results.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at >= 0 && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); if (at > 0) { links[at - 1].focus(); } else { input.focus(); } }
      if (event.key === "Escape") { results.hidden = true; input.focus(); }
    });
  }

  // ---- Keyboard shortcuts: letters, never bare arrow keys, never while typing ----
  function wireShortcuts() {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
      if (event.key === "n" || event.key === "p") {
        var link = document.querySelector(event.key === "n" ? "a[rel=next]" : "a[rel=prev]");
        if (link) { window.location.href = link.href; }
      } else if (event.key === "/" || event.key === "s") {
        var input = document.getElementById("search-input");
        if (input) { event.preventDefault(); input.focus(); }
      } else if (event.key === "t") {
        setSidebarOpen(!document.body.classList.contains("sidebar-open"));
      }
    });
  }

  // ---- Checklist page: manual items, export and import ----
  function wireChecklistPage() {
    document.querySelectorAll("[data-manual-item]").forEach(function (checkbox) {
      checkbox.addEventListener("change", function () {
        var id = checkbox.getAttribute("data-manual-item");
        update(function (course) {
          if (checkbox.checked) { course.checklist[id] = course.checklist[id] || { tickedAt: now() }; } else { delete course.checklist[id]; }
        });
        refreshStatuses();
      });
    });
    var exportButton = document.querySelector("[data-export-progress]");
    if (exportButton) {
      exportButton.addEventListener("click", function () {
        var blob = new Blob([JSON.stringify(loadProgress(), null, 2) + "\n"], { type: "application/json" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "cachebook-progress.json";
        document.body.appendChild(link);
        link.click();
        link.remove();
      });
    }
    var importInput = document.querySelector("[data-import-progress]");
    var status = document.querySelector(".import-status");
    if (importInput) {
      importInput.addEventListener("change", function () {
        var file = importInput.files[0];
        if (!file) { return; }
        file.text().then(function (text) {
          var imported = JSON.parse(text);
          if (!imported || typeof imported.courses !== "object") { throw new Error("not a progress file"); }
          saveProgress(Cachebook.mergeProgress(loadProgress(), imported));
          if (status) { status.textContent = "Imported " + file.name + "."; }
          refreshStatuses();
        }).catch(function () {
          if (status) { status.textContent = file.name + " is not a Cachebook progress file."; }
        });
      });
    }
  }

  function recordVisit() {
    var lessonID = document.body.getAttribute("data-lesson");
    if (!lessonID) { return; }
    update(function (course) {
      var record = lessonProgress(course, lessonID);
      var time = now();
      record.firstReadAt = record.firstReadAt || time;
      record.lastReadAt = time;
      course.lastActivity = { lesson: lessonID, at: time };
    });
    // Study time: how long the page stays visible, with breaks over 30 minutes left out.
    var visibleSince = Date.now();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        var seconds = Math.min((Date.now() - visibleSince) / 1000, 1800);
        update(function (course) { var record = lessonProgress(course, lessonID); record.activeSeconds = Math.round((record.activeSeconds || 0) + seconds); });
      } else {
        visibleSince = Date.now();
      }
    });
  }

  function start() {
    buildSidebar();
    wireTheme();
    var toggle = document.querySelector(".sidebar-toggle");
    if (toggle) { toggle.addEventListener("click", function () { setSidebarOpen(!document.body.classList.contains("sidebar-open")); }); }
    recordVisit();
    document.querySelectorAll("section.exercise").forEach(wireExercise);
    wireSearch();
    wireShortcuts();
    wireChecklistPage();
    refreshStatuses();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
