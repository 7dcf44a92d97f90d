"""Benchmark: how long the big screen takes to render in headless Chromium, from pressing "sign in" to every panel
drawn (the page marks #view data-ready), for the given server. Prints one line per run and the median."""
import statistics
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, __import__("os").path.dirname(__file__))
import test_console as console  # noqa: E402

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
times = []
d = console.browser(1920, 1080)
try:
    for i in range(runs):
        console.forget_session(d)
        WebDriverWait(d, 20).until(lambda d: d.find_elements(By.ID, "username"))
        d.find_element(By.ID, "username").send_keys("leader")
        d.find_element(By.ID, "password").send_keys(console.PASSWORD)
        start = time.time()
        d.find_element(By.ID, "signin").click()
        WebDriverWait(d, 60).until(lambda d: d.find_element(By.ID, "view").get_attribute("data-ready") == "true")
        elapsed = time.time() - start
        times.append(elapsed)
        print(f"run {i + 1}: {elapsed:.2f} s, {d.find_element(By.ID, 'view').get_attribute('data-markers')} markers")
finally:
    d.quit()
print(f"median {statistics.median(times):.2f} s over {runs} runs")
