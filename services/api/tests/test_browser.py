"""The review page in headless Debian Chromium (Selenium; no browser download): open it, filter, open a
disclosure, see its findings and the highlighted cited page, mark one, and find the mark in the store.

Screenshots go to the test's tmp dir (and to $REVIEW_SCREENSHOTS when set, for the docs)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pymongo import MongoClient
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from disclosure_api.reviews import finding_ids
from disclosure_shared.testing.services import Endpoints

pytestmark = pytest.mark.integration
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip(
            "Debian chromium + chromium-driver are not installed (scripts/system-packages.sh installs them)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"):
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1600")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _shot(driver: webdriver.Chrome, directory: Path, name: str) -> None:
    path = directory / f"{name}.png"
    driver.save_screenshot(str(path))
    if target := os.environ.get("REVIEW_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)


def test_a_reviewer_filters_opens_a_disclosure_and_marks_a_finding(
    browser: webdriver.Chrome, api, endpoints: Endpoints, tmp_path: Path
) -> None:
    wait = WebDriverWait(browser, 60)
    sample = api.store.sample
    browser.get(f"{api.url}/review")
    wait.until(expected_conditions.presence_of_element_located((By.ID, "disclosure-list")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#disclosure-list tbody tr[data-sha256]")
    assert len(rows) == len(api.store.processed)
    assert browser.find_element(By.CSS_SELECTOR, "#dead-letter-count .n").text == "1"
    lag_cards = browser.find_elements(By.CSS_SELECTOR, "#consumer-lag [data-group]")
    assert len(lag_cards) == 5 and all(c.find_element(By.CSS_SELECTOR, ".n").text == "0" for c in lag_cards)
    assert "stored / min" in browser.find_element(By.ID, "throughput").text
    _shot(browser, tmp_path, "1-overview")

    Select(browser.find_element(By.NAME, "kind")).select_by_visible_text("final_accounts")
    Select(browser.find_element(By.NAME, "organization")).select_by_visible_text(sample.document.organization)
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait.until(expected_conditions.url_contains("kind=final_accounts"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#disclosure-list tbody tr[data-sha256]")
    assert [r.get_attribute("data-sha256") for r in rows] == [sample.sha256]

    rows[0].find_element(By.TAG_NAME, "a").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "findings")))
    articles = browser.find_elements(By.CSS_SELECTOR, "article.finding")
    assert [a.get_attribute("data-finding-id") for a in articles] != []
    assert sorted(a.get_attribute("data-finding-id") for a in articles) == sorted(
        finding_ids(sample.findings)
    )
    first = articles[0]
    browser.execute_script("arguments[0].scrollIntoView()", first)
    image = first.find_element(By.CSS_SELECTOR, "img.page-image")
    wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    assert image.get_attribute("naturalWidth") not in (None, "0")
    image_src = image.get_attribute("src")
    # the sample's first finding cites table rows the parser placed: highlighted at their boxes
    caption = first.find_element(By.CSS_SELECTOR, ".pages figcaption").text
    assert "highlight at the row the parser placed" in caption

    browser.find_element(By.ID, "reviewer-name").send_keys("browser test")
    first.find_element(By.NAME, "note").send_keys("checked against the printed page")
    first.find_element(By.CSS_SELECTOR, "button.confirm").click()
    status = first.find_element(By.CSS_SELECTOR, ".mark-status")
    wait.until(lambda _: status.text.startswith("confirmed"))
    assert status.text == "confirmed by browser test"
    _shot(browser, tmp_path, "2-disclosure-marked")

    fid = first.get_attribute("data-finding-id")
    with MongoClient(endpoints.mongodb) as client:
        stored = client[api.store.db.name]["finding_reviews"].find_one({"_id": f"{sample.sha256}:{fid}"})
    assert stored is not None
    assert (stored["status"], stored["reviewer"], stored["note"]) == (
        "confirmed", "browser test", "checked against the printed page",
    )  # fmt: skip

    browser.refresh()  # the page shows the stored mark, not just what the script wrote
    again = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f"#finding-{fid} .mark-status"))
    )
    assert again.text == "confirmed by browser test"

    browser.get(image_src)  # what "enlarge" shows: the cited page at full size
    wait.until(lambda d: d.execute_script("return document.images[0] && document.images[0].complete"))
    _shot(browser, tmp_path, "3-cited-page")
