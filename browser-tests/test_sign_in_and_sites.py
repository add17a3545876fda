"""Browser journey: sign in, add a site (with a validation error first), see it listed, sign out.

Needs a server with the demo data (scripts/browser-test.sh starts one).
"""

import time
import uuid
from urllib.parse import parse_qs, urlparse

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ADMIN_EMAIL = "admin@demo.liaison.test"
ADMIN_PASSWORD = "liaison-demo-password"
TIMEOUT = 15


# --- helpers ---------------------------------------------------------------------------------------------------


def _replaced(element):
    """True once `element` no longer belongs to the page. Mid-navigation chromedriver may answer with an
    inspector error ("Node with given id does not belong to the document") instead of a stale reference."""

    def check(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is a subclass
            return True

    return check


def wait_for_new_page(driver, old_html):
    """Waits until the page that held `old_html` has been replaced and the new one has loaded."""
    WebDriverWait(driver, TIMEOUT).until(_replaced(old_html))
    WebDriverWait(driver, TIMEOUT, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def click_and_wait(driver, element):
    old_html = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for_new_page(driver, old_html)


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def path_of(driver):
    return urlparse(driver.current_url).path


def query_of(driver):
    return parse_qs(urlparse(driver.current_url).query)


def h1_text(driver):
    return driver.find_element(By.TAG_NAME, "h1").text.strip()


def assert_at_sign_in(driver, next_path=None):
    assert path_of(driver) == "/sign-in", f"expected the sign-in page, at {driver.current_url}"
    if next_path is not None:
        assert query_of(driver).get("next") == [next_path], f"expected next={next_path} in {driver.current_url}"
    assert driver.find_element(By.ID, "email").is_displayed()
    assert driver.find_element(By.ID, "password").is_displayed()
    assert button(driver, "Sign in").is_displayed()


def sign_in(driver, email, password):
    email_input = driver.find_element(By.ID, "email")
    email_input.clear()
    email_input.send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, button(driver, "Sign in"))
    complete_second_factor(driver, email)


def error_summary(driver):
    summaries = driver.find_elements(By.CSS_SELECTOR, "div.error-summary")
    assert summaries, f"no error summary on {driver.current_url}"
    return summaries[0]


def selected(driver, select_id):
    option = Select(driver.find_element(By.ID, select_id)).first_selected_option
    return option.get_attribute("value"), option.text.strip()


def start_signed_out(driver, base_url):
    driver.get(base_url + "/sign-in")
    driver.delete_all_cookies()


# --- tests -----------------------------------------------------------------------------------------------------


def test_sign_in_add_a_site_and_sign_out(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)

    # Anonymous: /sites sends you to sign in, coming back to /sites afterwards.
    driver.get(base_url + "/sites")
    assert_at_sign_in(driver, next_path="/sites")
    check_a11y(driver)

    sign_in(driver, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert path_of(driver) == "/sites", f"expected /sites after signing in, at {driver.current_url}"
    assert h1_text(driver) == "Sites"
    assert button(driver, "Sign out").is_displayed()
    check_a11y(driver)

    # The form.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Add a site"))
    assert path_of(driver) == "/sites/new"
    assert h1_text(driver) == "Add a site"
    check_a11y(driver)

    # No name, but a kind and a borough: the error is shown and the choices are kept.
    Select(driver.find_element(By.ID, "kind")).select_by_value("custody_suite")
    Select(driver.find_element(By.ID, "boroughID")).select_by_visible_text("Hackney")
    hackney_id, _ = selected(driver, "boroughID")
    click_and_wait(driver, button(driver, "Add site"))

    summary = error_summary(driver)
    assert "There is a problem" in summary.text
    summary_link = summary.find_element(By.LINK_TEXT, "Enter the site name")
    assert summary_link.get_attribute("href").endswith("#name")
    inline_errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "p.error-message")]
    assert any("Enter the site name" in text for text in inline_errors), inline_errors
    assert selected(driver, "kind") == ("custody_suite", "Custody suite")
    assert selected(driver, "boroughID") == (hackney_id, "Hackney")
    assert driver.find_element(By.ID, "name").get_attribute("value") == ""
    check_a11y(driver)

    # Now with a name.
    site_name = f"Browser test site {time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    driver.find_element(By.ID, "name").send_keys(site_name)
    click_and_wait(driver, button(driver, "Add site"))
    assert path_of(driver).startswith("/sites/"), driver.current_url
    assert h1_text(driver) == site_name
    notifications = [n.text.strip() for n in driver.find_elements(By.CSS_SELECTOR, ".notification")]
    assert any("Added." in text for text in notifications), f"no 'Added.' notification: {notifications}"
    assert "Custody suite" in driver.find_element(By.TAG_NAME, "main").text
    assert "Hackney" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    # It is listed.
    driver.get(base_url + "/sites")
    rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    cells_by_name = {
        cells[0].text.strip(): [c.text.strip() for c in cells]
        for cells in (row.find_elements(By.TAG_NAME, "td") for row in rows)
        if cells
    }
    assert site_name in cells_by_name, f"{site_name!r} not in the sites table: {sorted(cells_by_name)}"
    assert cells_by_name[site_name][1:3] == ["Custody suite", "Hackney"], cells_by_name[site_name]

    # Sign out: back at sign-in, and pages need signing in again.
    click_and_wait(driver, button(driver, "Sign out"))
    assert_at_sign_in(driver)
    driver.get(base_url + "/sites")
    assert_at_sign_in(driver, next_path="/sites")


def test_wrong_password_shows_an_error(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    assert_at_sign_in(driver)

    sign_in(driver, ADMIN_EMAIL, "not-the-password")

    assert path_of(driver) == "/sign-in", f"a wrong password must not sign in: at {driver.current_url}"
    summary = error_summary(driver)
    assert "There is a problem" in summary.text
    assert "Enter a correct email address and password" in summary.text
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='Sign out']"), "signed in after all"
    # The email is kept, the password is not.
    assert driver.find_element(By.ID, "email").get_attribute("value") == ADMIN_EMAIL
    assert driver.find_element(By.ID, "password").get_attribute("value") == ""
    check_a11y(driver)


# --- second factor (demo: administrators and team managers) ----------------------------------------------------

_SECRETS = {}  # email -> the secret enrolled in this test run
_LAST_STEP = {}  # email -> the last TOTP step used (each step's code works once)


def _totp(secret, step):
    import hashlib
    import hmac
    import struct

    digest = hmac.new(secret.encode("utf-8"), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def _next_code(email):
    """A code for a step not used yet: now, or the next step (allowed for clock drift); waits if both are used."""
    import time

    while True:
        now = int(time.time()) // 30
        step = max(now, _LAST_STEP.get(email, -1) + 1)
        if step <= now + 1:
            _LAST_STEP[email] = step
            return _totp(_SECRETS[email], step)
        time.sleep(1)


def _secret_from_key(manual_key):
    import base64

    key = manual_key.replace(" ", "")
    return base64.b32decode(key + "=" * (-len(key) % 8)).decode("utf-8")


def complete_second_factor(driver, email):
    """After the password: set up the authenticator (first time in this run) or type its code."""
    from urllib.parse import urlparse

    path = urlparse(driver.current_url).path
    if path == "/account/second-factor":
        _SECRETS[email] = _secret_from_key(driver.find_element(By.ID, "manual-key").text)
        driver.find_element(By.ID, "code").send_keys(_next_code(email))
        click_and_wait(driver, button(driver, "Set up"))
        assert "Your recovery codes" in driver.find_element(By.TAG_NAME, "main").text
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Continue to Liaison"))
    elif path == "/sign-in/code":
        driver.find_element(By.ID, "code").send_keys(_next_code(email))
        click_and_wait(driver, button(driver, "Continue"))
