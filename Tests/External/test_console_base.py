"""盘家底 in headless Chromium against the real server (the demo city): a community worker opens the base data of
their committee — the counts as the API gives them, the compounds, a building's house status map (每户按用途着色) and
the residents of a house, masked; the residents list narrowed to a special group; one resident shown unmasked only
after a reason is given, and the read on the audit trail; a file of population records with a bad row refused whole
with its lines listed, then a good one imported. Chinese with no English and no raw key, no sideways scrolling at
1920 and at 375 px; the English page in English.

Screenshots go to CHENGYUN_BASE_SHOTS (default /tmp/base-shots/).
Environment: CHENGYUN_URL.
"""
import os
import pathlib
import tempfile
import time
import unittest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_console import BASE, WebDriverWait, sign_in, wait_ready
from test_console_days import DeskAndPhone, api_get, look

SHOTS = pathlib.Path(os.environ.get("CHENGYUN_BASE_SHOTS", "/tmp/base-shots"))
COMMITTEE = "310101001001"
WORKER = f"cw.{COMMITTEE}"




def check_digit(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


class BasePages(DeskAndPhone):
    shots = SHOTS

    def open(self, d, hash_):
        d.get(f"{BASE}/console/?at={time.time()}{hash_}")
        wait_ready(d)

    def look(self, d, name, chinese=True, refusal=False):
        look(self, d, name, self.shots, ('base',), chinese, refusal)

    def test_counts_house_map_and_masked_residents(self):
        for d, size in [(self.wide, "1920x1080"), (self.phone, "375x800")]:
            sign_in(d, WORKER)
            menu = d.execute_script("return [...document.querySelectorAll('#menu a')].map(a => [a.getAttribute('href'), a.textContent])")
            self.assertIn(["#/base", "盘家底"], menu)
            self.open(d, "#/base")
            counts = api_get(WORKER, "/api/v1/base-data/counts")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "#base-resident-count .value").text.replace(",", ""), str(counts["counts"]["residents"]))
            self.assertGreater(counts["counts"]["residents"], 0, "the demo's committee has residents")
            d.find_element(By.CSS_SELECTOR, "#base-compounds a[data-compound]").click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "base-house-map"))
            wait_ready(d)
            houses = d.find_elements(By.CSS_SELECTOR, "#base-house-map button.base-house")
            self.assertGreater(len(houses), 0)
            self.assertTrue({h.get_attribute("data-use") for h in houses} <= {"ownerOccupied", "rented", "vacant", "business", "other"})
            lived = next(h for h in houses if h.find_elements(By.TAG_NAME, "small"))
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", lived)
            lived.click()
            names = [td.text for td in d.find_elements(By.CSS_SELECTOR, "#base-house-detail tr td:first-child")]
            self.assertTrue(names and all("*" in n for n in names), f"masked: {names}")
            self.look(d, f"base-zh-{size}")

    def test_group_filter_reveal_with_reason(self):
        d = self.wide
        sign_in(d, WORKER)
        self.open(d, "#/base")
        Select(d.find_element(By.ID, "base-tag")).select_by_value("elderly80")
        WebDriverWait(d, 20).until(lambda d: "tag=elderly80" in d.current_url)
        wait_ready(d)
        rows = d.find_elements(By.CSS_SELECTOR, "#base-residents tbody tr")
        self.assertTrue(rows, "the demo has elderly people")
        self.assertTrue(all("高龄老人" in r.text for r in rows))
        row = rows[0]
        resident = row.get_attribute("data-resident")
        masked = row.find_element(By.CSS_SELECTOR, "td").text
        self.assertIn("*", masked)
        row.find_element(By.CSS_SELECTOR, "button.base-reveal-open").click()
        row.find_element(By.CSS_SELECTOR, "form.base-reveal button[type=submit]").click()
        WebDriverWait(d, 10).until(lambda d: row.find_element(By.CSS_SELECTOR, ".error").text)
        self.assertIn("原因", row.find_element(By.CSS_SELECTOR, ".error").text, "no reason, nothing shown")
        row.find_element(By.CSS_SELECTOR, "input.base-reason").send_keys("上门走访高龄老人")
        row.find_element(By.CSS_SELECTOR, "form.base-reveal button[type=submit]").click()
        WebDriverWait(d, 10).until(lambda d: "*" not in row.find_element(By.CSS_SELECTOR, "td").text)
        trail = api_get("auditor", "/api/v1/audit", action="personal.read", limit=50)["items"]
        self.assertTrue(any(e["target"] == f"resident:{resident}" and e["reason"] == "上门走访高龄老人" for e in trail))
        self.look(d, "base-revealed-zh-1920x1080")

    def test_import_refused_whole_then_accepted(self):
        d = self.wide
        sign_in(d, WORKER)
        self.open(d, "#/base")
        before = api_get(WORKER, "/api/v1/base-data/counts")["counts"]["residents"]
        good = "110105196001011" + "23"
        good = good[:17] + check_digit(good[:17])
        bad = good[:17] + ("1" if good[17] != "1" else "2")
        with tempfile.TemporaryDirectory() as folder:
            refused = pathlib.Path(folder) / "refused.csv"
            refused.write_text(f"\ufeff居委编码,姓名,身份证号,类别\n{COMMITTEE},测试甲,{good},户籍\n{COMMITTEE},测试乙,{bad},户籍\n{COMMITTEE},测试丙,,游客\n", encoding="utf-8")
            d.find_element(By.ID, "base-import-file").send_keys(str(refused))
            d.find_element(By.ID, "base-import-send").click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#base-import-report tbody tr"))
            lines = [r.find_element(By.TAG_NAME, "td").text for r in d.find_elements(By.CSS_SELECTOR, "#base-import-report tbody tr")]
            self.assertEqual(lines, ["3", "4"])
            self.assertIn("整批未导入", d.find_element(By.CSS_SELECTOR, "#base-import-result .error").text)
            self.assertEqual(api_get(WORKER, "/api/v1/base-data/counts")["counts"]["residents"], before, "nothing applied")
            self.look(d, "base-import-refused-zh-1920x1080", refusal=True)
            accepted = pathlib.Path(folder) / "accepted.csv"
            accepted.write_text(f"居委编码,姓名,身份证号,类别\n{COMMITTEE},测试甲,{good},户籍\n", encoding="utf-8")
            d.find_element(By.ID, "base-import-file").send_keys(str(accepted))
            d.find_element(By.ID, "base-import-send").click()
            WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "base-import-ok"))
            self.assertIn("已导入 1 人", d.find_element(By.ID, "base-import-ok").text)
        self.assertEqual(api_get(WORKER, "/api/v1/base-data/counts")["counts"]["residents"], before + 1)

    def test_english(self):
        d = self.phone
        sign_in(d, WORKER)
        d.find_element(By.ID, "lang").click()
        WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        try:
            self.open(d, "#/base")
            self.assertEqual(d.find_element(By.CSS_SELECTOR, "#view h1").text, "Base data")
            self.look(d, "base-en-375x800", chinese=False)
        finally:
            d.find_element(By.ID, "lang").click()
            WebDriverWait(d, 20).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN")


if __name__ == "__main__":
    unittest.main()
