"""End to end in a real browser: the README's JupyterLab command, then week 17 as a student
meets it in headless Chromium.

The command runs as written in a fresh workbook (`student_shell.start_lab`); Chromium opens
the page JupyterLab handed to "the browser", runs the setup cell and the first check cell
with Shift+Enter, and clicks the first exercise's stub link, which must open the stub in
JupyterLab's editor. Uses Debian's `chromium` and `chromium-driver` through Selenium (no
browser is downloaded); skipped when they are not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from student_shell import (
    Lab,
    bash_lines,
    readme_text,
    start_lab,
    student_env,
    with_root_flag,
    workbook_copy,
)
from test_playground_browser import CHROMEDRIVER, CHROMIUM, chromium

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's Chromium: apt-get install -y chromium chromium-driver",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the dev extra")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# JupyterLab draws cells lazily; this reads every cell's text as the page holds it now.
CELL_TEXTS = """
return Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Cell'))
  .map(cell => cell.innerText);
"""


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[Lab, Path]]:
    line = next(line for line in bash_lines(readme_text()) if line.startswith(".venv/bin/jupyter"))
    root = workbook_copy(tmp_path / "workbook")
    started = start_lab(with_root_flag(line), root, student_env(root, tmp_path / "home"),
                        tmp_path / "lab")  # fmt: skip
    try:
        yield started, root
    finally:
        started.stop()


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download
    # The redirect page is a local file that sends the browser on to http://127.0.0.1.
    yield from chromium(tmp_path, "--allow-file-access-from-files")


def cell_texts(driver: Any) -> list[str]:
    texts: list[str] = driver.execute_script(CELL_TEXTS)
    return texts


def wait_text(driver: Any, what: str, index: int, needle: str, timeout: float = 180) -> str:
    """Wait until cell `index` shows `needle`; return that cell's text."""

    def shown(d: Any) -> str | bool:
        texts = cell_texts(d)
        return texts[index] if len(texts) > index and needle in texts[index] else False

    try:
        found = WebDriverWait(driver, timeout, poll_frequency=0.5).until(shown, message=what)
    except TimeoutException:
        texts = cell_texts(driver)
        pytest.fail(f"{what}: cell {index} shows {texts[index] if len(texts) > index else None!r}"
                    f"; all cells: {texts}")  # fmt: skip
    return str(found)


def run_cell(driver: Any, index: int) -> None:
    """Click into cell `index` and press Shift+Enter, as a student runs a cell."""
    cell = driver.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel .jp-Cell")[index]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
    cell.find_element(By.CSS_SELECTOR, ".jp-InputArea-editor").click()
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()


def test_week17_in_chromium_setup_check_and_stub_link(
    lab: tuple[Lab, Path], browser: Any, tmp_path: Path
) -> None:
    """In headless Chromium, from the page the README's command opened: do the setup cell
    and `check("7.1")` run (the setup lists the stub files, the check says the stub is not
    implemented yet), and does the 7.1 stub link open ex7_1_activations.py in the editor?"""
    server, root = lab
    browser.get(server.opened)  # the file:// page JupyterLab gave the browser
    WebDriverWait(browser, 180, poll_frequency=0.5).until(
        lambda d: len(cell_texts(d)) > 5, message="week17.ipynb did not render"
    )
    texts = cell_texts(browser)
    setup = next(i for i, text in enumerate(texts) if "from grader.notebook import check" in text)
    check = next(i for i, text in enumerate(texts) if text.endswith(':\ncheck("7.1")'))
    assert setup < check

    run_cell(browser, setup)
    setup_text = wait_text(browser, "the setup cell ran", setup, "mlp_forward.py")
    assert f"your code: {root / 'exercises' / 'week17' / 'ex7_1_activations.py'}" in setup_text
    assert "✗" not in setup_text and "Error" not in setup_text
    run_cell(browser, check)
    check_text = wait_text(browser, "check('7.1') ran", check, "Hidden checks: grade 7.1")
    assert "not implemented yet" in check_text and "NameError" not in check_text
    browser.save_screenshot(str(tmp_path / "week17-checked.png"))

    link = browser.find_element(By.CSS_SELECTOR, "a[href*='ex7_1_activations.py']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    WebDriverWait(browser, 60, poll_frequency=0.5).until(
        lambda d: any(
            "ex7_1_activations.py" in tab.text
            for tab in d.find_elements(By.CSS_SELECTOR, ".lm-TabBar-tab")
        ),
        message="the stub link opened no tab",
    )
    WebDriverWait(browser, 60, poll_frequency=0.5).until(
        lambda d: any(
            "def sigmoid" in editor.text
            for editor in d.find_elements(By.CSS_SELECTOR, ".jp-FileEditor .cm-content")
        ),
        message="the stub did not open in the editor",
    )
    assert "404" not in browser.find_element(By.TAG_NAME, "body").text

    # The file browser starts in notebooks/; its root is the whole workbook.
    browser.find_element(By.CSS_SELECTOR, ".jp-BreadCrumbs-home").click()
    WebDriverWait(browser, 30, poll_frequency=0.5).until(
        lambda d: (
            {"exercises", "notebooks", "scripts"}
            <= {item.text for item in d.find_elements(By.CSS_SELECTOR, ".jp-DirListing-itemText")}
        ),
        message="the file browser's root is not the workbook",
    )
    shot = tmp_path / "week17-stub-open.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
