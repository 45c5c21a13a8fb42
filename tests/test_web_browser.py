"""The query page and an entity page in a real headless browser (Debian's chromium, selenium).

Needs ``chromium`` and ``chromium-driver`` (apt) and ``selenium`` (pip); skipped, saying which
is missing, without them. Nothing is fetched from the internet: the server is on loopback and
chromium runs with its background networking off.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_web_server import DRIVER, LAP_TIMES, _start

pytestmark = pytest.mark.server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

_missing = [
    name
    for name, present in [
        ("chromium (apt: chromium)", Path(CHROMIUM).exists()),
        ("chromedriver (apt: chromium-driver)", Path(CHROMEDRIVER).exists()),
        ("selenium (pip: selenium)", importlib.util.find_spec("selenium") is not None),
    ]
    if not present
]
if _missing:
    pytest.skip(f"browser tests need {', '.join(_missing)}", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start(tmp_path_factory.mktemp("browser"), "--workers", "1", "--threads", "4")


@pytest.fixture(scope="module", params=[True, False], ids=["js", "nojs"])
def browser(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    prefs: dict[str, Any] = {}
    if not request.param:
        options.add_argument("--blink-settings=scriptEnabled=false")
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(20)
    driver.scripts_enabled = request.param  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait_for(browser: WebDriver, css: str) -> WebElement:
    """The element, once the page that has it is loaded (a click does not wait for the load)."""
    return WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))  # type: ignore[no-any-return]


def test_browser_runs_scripts_only_when_enabled(browser: WebDriver) -> None:
    browser.get("data:text/html,<title>static</title><script>document.title='scripted'</script>")
    assert browser.title == ("scripted" if browser.scripts_enabled else "static")  # type: ignore[attr-defined]


def test_browser_query_typed_submitted_and_link_followed(browser: WebDriver, server: str) -> None:
    """The plain form (with JavaScript the page is YASGUI: tests/test_web_browser_ui.py)."""
    if browser.scripts_enabled:  # type: ignore[attr-defined]
        pytest.skip("with JavaScript the query page is YASGUI, tested in test_web_browser_ui.py")
    browser.get(server + "/")
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys(LAP_TIMES)
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()

    results = _wait_for(browser, "section.results table")
    headers = [th.text for th in results.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["driver", "time"]
    rows = results.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 1
    # the typed query is still in the editor, as the server rendered it
    assert browser.find_element(By.ID, "query").get_attribute("value").strip() == LAP_TIMES

    link = rows[0].find_element(By.CSS_SELECTOR, "a[href*='/resource/driver/jeroen-bleekemolen']")
    link.click()

    _wait_for(browser, "article.resource h1")
    assert browser.current_url == server + "/resource/driver/jeroen-bleekemolen"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Jeroen Bleekemolen"
    assert str(DRIVER) in browser.find_element(By.CSS_SELECTOR, "p.iri").text
    table = browser.find_element(By.CSS_SELECTOR, "article.resource .scroll table")
    assert "1:28.320" in table.text
