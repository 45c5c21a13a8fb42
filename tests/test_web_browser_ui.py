"""The query experience in a real headless browser: YASGUI running a query, prefix and class
completion, the search box, an article page's highlighted mentions, the charts, and the
Content-Security-Policy holding (no script blocked, nothing of ours against it).

The store is built by ``kg build`` from invented articles (the real pipeline), served by
``serve.py`` on loopback; YASGUI comes from ``kg/web/static/vendor`` (``make install``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.web.ui import editor_available
from tests.test_web_browser import CHROMEDRIVER, CHROMIUM, FLAGS
from tests.test_web_server import REPO, serve_store

pytestmark = [pytest.mark.server, pytest.mark.slow]

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTICLES = {
    "sachsenring.txt": (
        "Ödön Kovács gewann am Sonntag das Rennen auf dem Sachsenring. Der Ungar fuhr für das "
        "Team Falkenberg und siegte vor Lukas Brenner. Dritter wurde Jonas Albrecht.\n"
    ),
    "norisring.txt": (
        "Auf dem Norisring wurde Ödön Kovács am Samstag Zweiter hinter Lukas Brenner. "
        "Jonas Albrecht kam als Vierter ins Ziel.\n"
    ),
}
MS = "https://w3id.org/mskg/ontology#"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not editor_available():
        pytest.fail("YASGUI is not in kg/web/static/vendor: run `make install`")
    root = tmp_path_factory.mktemp("ui")
    articles = root / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    store = root / "store"
    kg = str(Path(sys.executable).with_name("kg"))
    built = subprocess.run(
        [
            kg,
            "build",
            str(articles),
            "--store",
            str(store),
            "--root",
            str(root),
            "--no-progress",
            "--no-validate",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    yield from serve_store(store, "--workers", "1", "--threads", "8")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,1200")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(browser: WebDriver, css: str, seconds: float = 15) -> WebElement:
    return WebDriverWait(browser, seconds).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))  # type: ignore[no-any-return]


def _editor(browser: WebDriver, site: str) -> None:
    """The query page with YASGUI started."""
    browser.get_log("browser")  # what earlier pages logged is theirs
    browser.get(site + "/")
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return !!window.kgYasgui"))


def _js(browser: WebDriver, script: str) -> Any:
    return browser.execute_script("var yasqe = window.kgYasgui.getTab().getYasqe();" + script)


def _run(browser: WebDriver, query: str) -> None:
    _js(browser, f"yasqe.setValue({query!r});")
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()


def _csp_violations(browser: WebDriver) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


def test_yasgui_runs_a_query_and_shows_its_rows(browser: WebDriver, site: str) -> None:
    _editor(browser, site)
    assert not browser.find_element(By.ID, "query-form").is_displayed()  # the plain form gave way
    _run(
        browser,
        f"PREFIX ms: <{MS}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?name WHERE { ?d a ms:Driver ; rdfs:label ?name } ORDER BY ?name",
    )
    _wait(browser, ".yasr table.dataTable tbody tr td")
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody td")]
    assert any("Ödön Kovács" in c for c in cells)
    assert any("Lukas Brenner" in c for c in cells)

    # sorting: a click on the header sorts the rows one way, a second click the other (DataTables)
    def names() -> list[str]:
        return [
            td.text
            for td in browser.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody td:nth-child(2)")
        ]

    header = browser.find_element(By.CSS_SELECTOR, ".yasr table.dataTable thead th:nth-child(2)")

    def sort_by_header(direction: str) -> list[str]:
        # DataTables marks the header with the order it has drawn: read the rows after that
        header.click()
        WebDriverWait(browser, 10).until(lambda _: header.get_attribute("aria-sort") == direction)
        return names()

    once = sort_by_header("ascending")
    twice = sort_by_header("descending")
    assert len(once) >= 3 and twice == list(reversed(once))
    violations = _csp_violations(browser)
    assert not [v for v in violations if "script-src" in v], violations  # no script was blocked


def test_prefix_and_class_completion(browser: WebDriver, site: str) -> None:
    _editor(browser, site)
    _js(browser, "yasqe.setValue(''); yasqe.focus();")
    editor = browser.find_element(By.CSS_SELECTOR, ".yasqe .CodeMirror")
    editor.click()
    ActionChains(browser).send_keys("SELECT * WHERE { ?d a ms:").perform()
    # the prefix was declared by itself, with the store's namespace
    WebDriverWait(browser, 10).until(lambda b: f"PREFIX ms: <{MS}>" in _js(b, "return yasqe.getValue();"))
    ActionChains(browser).send_keys("Dri").key_down(Keys.CONTROL).send_keys(Keys.SPACE).key_up(
        Keys.CONTROL
    ).perform()
    hints = _wait(browser, ".CodeMirror-hints")
    assert "ms:Driver" in hints.text
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert "?d a ms:Driver" in _js(browser, "return yasqe.getValue();")


def test_search_box_finds_a_driver_by_surname_without_accents(browser: WebDriver, site: str) -> None:
    browser.get(site + "/about")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("kovacs")
    box.submit()
    first = _wait(browser, "ol.hits li a")
    assert first.text == "Ödön Kovács"
    assert "driver" in browser.find_element(By.CSS_SELECTOR, "ol.hits li .type").text
    first.click()
    _wait(browser, "article.resource h1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ödön Kovács"
    assert browser.current_url.endswith("/resource/driver/oedoen-kovacs")


def test_article_page_highlights_a_mention_that_links_to_its_entity(browser: WebDriver, site: str) -> None:
    browser.get_log("browser")
    browser.get(site + "/resource/article/sachsenring")
    text = _wait(browser, ".article-text")
    assert "gewann am Sonntag das Rennen" in text.text
    mention = text.find_element(By.XPATH, ".//a[contains(@class, 'mention') and text()='Lukas Brenner']")
    assert mention.get_attribute("href").endswith("/resource/driver/lukas-brenner")
    assert "kind-driver" in mention.get_attribute("class")
    circuit = text.find_element(By.XPATH, ".//a[contains(@class, 'mention') and text()='Sachsenring']")
    assert circuit.get_attribute("href").endswith("/resource/circuit/sachsenring")
    # the facts with their sentence
    assert "siegte vor Lukas Brenner" in browser.find_element(By.CSS_SELECTOR, "table.evidence").text
    mention.click()
    _wait(browser, "article.resource h1")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Lukas Brenner"
    assert not _csp_violations(browser)


def test_charts_render(browser: WebDriver, site: str) -> None:
    # a driver's positions over time, on his page (SVG from the server: no script needed)
    browser.get(site + "/resource/driver/lukas-brenner")
    points = browser.find_elements(By.CSS_SELECTOR, "svg.positions circle.point")
    positions = [
        row.text
        for row in browser.find_elements(By.CSS_SELECTOR, "article.resource .scroll tbody td:nth-child(2)")
    ]
    assert len(points) == len([p for p in positions if p.isdigit()]) >= 1
    assert browser.find_element(By.CSS_SELECTOR, "svg.positions polyline.line").get_attribute("points")
    # the editor's chart of a result with a number column
    _editor(browser, site)
    _run(
        browser,
        f"PREFIX ms: <{MS}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?name (COUNT(?r) AS ?results) WHERE { ?r ms:driver ?d . ?d rdfs:label ?name } GROUP BY ?name",
    )
    _wait(browser, ".yasr table.dataTable tbody tr td")
    rows = len(browser.find_elements(By.CSS_SELECTOR, ".yasr table.dataTable tbody tr"))
    browser.find_element(By.CSS_SELECTOR, ".yasr .select_chart").click()
    _wait(browser, "svg.kg-chart rect.bar")
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.kg-chart rect.bar")
    assert len(bars) == rows >= 3
    heights = sorted(float(b.get_attribute("height")) for b in bars)
    assert all(h > 0 for h in heights)
