"""End to end: `streamlit run` the playground, open it in headless Chromium, train XOR live.

Uses Debian's `chromium` and `chromium-driver` packages through Selenium (no browser is
downloaded); skipped when they are not installed. CI installs them where it can
(`.ci/run`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from workbook.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
APP = ROOT / "interactive_labs" / "m07_deep_learning" / "pytorch_training_playground_app.py"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
# Every metric on the page as {label: value}, read in one go (the page re-renders live).
READ_METRICS = """
const out = {};
for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
  const label = m.querySelector('[data-testid="stMetricLabel"]');
  const value = m.querySelector('[data-testid="stMetricValue"]');
  if (label && value) out[label.innerText.trim()] = value.innerText.trim();
}
return out;
"""

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's Chromium: apt-get install -y chromium chromium-driver "
    "(/usr/bin/chromium and /usr/bin/chromedriver)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the dev extra")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The playground served by `streamlit run` on a free local port; killed afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, SIGKILL it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def chromium(folder: Path, *extra_flags: str) -> Iterator[Any]:
    """Headless system Chromium through the system chromedriver, with a fresh profile in
    `folder` (the caller sets SE_OFFLINE: Selenium Manager must never download)."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, *extra_flags):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={folder / 'chromium-profile'}")
    service = webdriver.ChromeService(
        executable_path=str(CHROMEDRIVER), log_output=str(folder / "chromedriver.log")
    )
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Headless system Chromium through the system chromedriver, with a fresh profile."""
    monkeypatch.setenv("SE_OFFLINE", "true")
    yield from chromium(tmp_path)


def metrics(driver: Any) -> dict[str, str]:
    found: dict[str, str] = driver.execute_script(READ_METRICS)
    return found


def no_exception(driver: Any) -> None:
    shown = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    assert not shown, f"the page shows an exception: {shown[0].text[:500]}"


def wait_for(driver: Any, what: str, condition: Callable[[dict[str, str]], bool]) -> None:
    """Wait until the metrics satisfy `condition`, failing at once on an exception."""

    def check(d: Any) -> bool:
        no_exception(d)
        try:
            return condition(metrics(d))
        except (KeyError, ValueError):
            return False

    WebDriverWait(driver, 60, poll_frequency=0.2).until(check, message=what)


def click(driver: Any, label: str) -> None:
    xpath = f"//button[normalize-space(.)='{label}']"
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.XPATH, xpath).is_enabled())
    driver.find_element(By.XPATH, xpath).click()


def epoch(found: dict[str, str]) -> int:
    return int(found["epoch"].split("/")[0])


def test_start_trains_xor_live_in_chromium_below_0_01(
    server: str, browser: Any, tmp_path: Path
) -> None:
    """In a real browser: does Start drive the loss readout below 0.01, and Pause stop it?"""
    browser.get(server)
    wait_for(browser, "the page shows the loss", lambda m: float(m["loss"]) > 0.5)
    click(browser, "Start")
    wait_for(browser, "the loss falls below 0.01", lambda m: float(m["loss"]) < 0.01)
    assert 0 < epoch(metrics(browser)) <= 500

    click(browser, "Pause")
    WebDriverWait(browser, 30).until(
        lambda d: (
            "Status: paused" in d.find_element(By.TAG_NAME, "body").text
            or "Status: done" in d.find_element(By.TAG_NAME, "body").text
        )
    )
    paused_at = epoch(metrics(browser))
    time.sleep(1.5)
    assert epoch(metrics(browser)) == paused_at

    no_exception(browser)
    shot = tmp_path / "playground.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
