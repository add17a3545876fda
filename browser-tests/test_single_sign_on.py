"""Single sign-on through a real OpenID Connect provider (issue 15), started by scripts/with-oidc-provider.sh.

In Chromium: CNWL's administrator sets the provider and links the team manager on Liaison's own pages; the team
manager then signs in at the provider and lands in Liaison with no Liaison password or code; a token for another
audience and an unknown subject are refused with a page that says what to do. Over HTTP (no browser needed): a
replayed callback, an expired token and a token with another sign-in's nonce are refused. axe on every Liaison page.
"""

import os
import re
import time
import uuid
from urllib.parse import quote, urljoin

import httpx
import pytest
from selenium.webdriver.common.by import By

from test_people import type_into
from test_sign_in_and_sites import button, click_and_wait, h1_text, sign_in, start_signed_out

PASSWORD = "liaison-demo-password"
CNWL = "Central and North West London NHS Foundation Trust"
CNWL_ADMIN = "trust.admin@demo.liaison.test"
CNWL_MANAGER_NAME = "Jordan Blake"
SUBJECT = "cnwl-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def issuer():
    value = os.environ.get("LIAISON_TEST_OIDC_ISSUER")
    if not value:
        pytest.fail("LIAISON_TEST_OIDC_ISSUER is not set: run the browser tests through scripts/with-oidc-provider.sh")
    return value


def set_claims(issuer, subject, claims):
    """Makes the provider issue `claims` in this subject's ID tokens (authlib lets them override standard ones)."""
    httpx.put(f"{issuer}/users/{quote(subject)}", json=claims).raise_for_status()


def sign_in_at_provider(driver, base_url, subject):
    """From Liaison's sign-in page, through the provider's form, back to Liaison."""
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in?next=/sites")
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, f"Sign in with {CNWL}"))
    field = driver.find_element(By.NAME, "sub")
    field.clear()
    field.send_keys(subject)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Authorize']"))


@pytest.fixture(scope="module")
def configured(driver, base_url, issuer):
    """CNWL's administrator sets the provider and links Jordan Blake, on Liaison's pages."""
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, CNWL_ADMIN, PASSWORD)
    driver.get(base_url + "/organisations")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CNWL))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Single sign-on"))
    assert h1_text(driver) == f"Single sign-on for {CNWL}"
    type_into(driver, "issuer", issuer)
    type_into(driver, "clientID", "liaison-browser-tests")
    type_into(driver, "clientSecret", uuid.uuid4().hex)
    click_and_wait(driver, button(driver, "Save"))
    assert "Your changes have been saved." in driver.find_element(By.TAG_NAME, "main").text
    driver.get(base_url + "/users")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CNWL_MANAGER_NAME))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Link single sign-on"))
    type_into(driver, "subject", SUBJECT)
    click_and_wait(driver, button(driver, "Save"))
    assert f"Linked ({SUBJECT})" in driver.find_element(By.TAG_NAME, "main").text
    return issuer


def test_the_administrator_sets_up_single_sign_on(driver, base_url, configured, check_a11y):
    driver.get(base_url + "/users")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CNWL_MANAGER_NAME))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Link single sign-on"))
    check_a11y(driver)
    driver.get(base_url + "/organisations")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, CNWL))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Single sign-on"))
    assert driver.find_element(By.ID, "issuer").get_attribute("value") == configured
    assert driver.find_element(By.ID, "clientSecret").get_attribute("value") == ""  # never shown back
    check_a11y(driver)


def test_the_team_manager_signs_in_through_the_provider(driver, base_url, configured, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    check_a11y(driver)
    sign_in_at_provider(driver, base_url, SUBJECT)
    # Back in Liaison where they were going, signed in: no password, no Liaison code (the provider holds the factor).
    assert driver.current_url == base_url + "/sites", driver.current_url
    assert CNWL_MANAGER_NAME in driver.find_element(By.TAG_NAME, "header").text
    check_a11y(driver)


def test_a_token_for_another_audience_is_refused(driver, base_url, configured, check_a11y):
    subject = "cnwl-wrong-audience-" + uuid.uuid4().hex[:6]
    set_claims(configured, subject, {"aud": "another-service"})
    sign_in_at_provider(driver, base_url, subject)
    assert h1_text(driver) == "You are not signed in"
    assert "could not be trusted" in driver.find_element(By.ID, "sso-refused").text
    check_a11y(driver)
    driver.get(base_url + "/sites")
    assert driver.current_url.startswith(base_url + "/sign-in")


def test_an_unknown_subject_is_refused_with_its_identifier(driver, base_url, configured, check_a11y):
    subject = "cnwl-not-linked-" + uuid.uuid4().hex[:6]
    sign_in_at_provider(driver, base_url, subject)
    assert h1_text(driver) == "You are not signed in"
    assert "not linked to a Liaison account" in driver.find_element(By.ID, "sso-refused").text
    assert driver.find_element(By.ID, "sso-subject").text == subject
    check_a11y(driver)
    driver.get(base_url + "/sites")
    assert driver.current_url.startswith(base_url + "/sign-in")


def http_flow(base_url, subject):
    """The same flow without a browser: returns the client, Liaison's answer to the callback, and the callback URL."""
    client = httpx.Client()
    page = client.get(base_url + "/sign-in").text
    start = re.search(r'href="(/sign-in/sso/[^"]+)"', page).group(1).replace("&amp;", "&")
    to_provider = client.get(base_url + start)
    assert to_provider.status_code == 302
    authorise = to_provider.headers["location"]
    assert "code_challenge_method=S256" in authorise and "nonce=" in authorise and "state=" in authorise
    back = httpx.post(authorise, data={"sub": subject})
    callback = urljoin(base_url, back.headers["location"])
    return client, client.get(callback), callback


def test_a_replayed_callback_an_expired_token_and_another_nonce_are_refused(base_url, configured):
    client, answer, callback = http_flow(base_url, SUBJECT)
    assert answer.status_code == 303 and "liaison_session" in answer.cookies
    assert client.get(base_url + "/sites").status_code == 200
    replayed = client.get(callback)
    assert replayed.status_code == 400 and "used already" in replayed.text

    expired = "cnwl-expired-" + uuid.uuid4().hex[:6]
    set_claims(configured, expired, {"exp": int(time.time()) - 3600})
    _, answer, _ = http_flow(base_url, expired)
    assert answer.status_code == 403 and "could not be trusted" in answer.text

    other_nonce = "cnwl-nonce-" + uuid.uuid4().hex[:6]
    set_claims(configured, other_nonce, {"nonce": "from-an-earlier-sign-in"})
    _, answer, _ = http_flow(base_url, other_nonce)
    assert answer.status_code == 403 and "liaison_session" not in answer.cookies
