"""Browser journey: a practitioner records consent to share with the police, sends a vulnerability notification,
then tries to share with the court without consent: the interruption page explains, and the override goes through
with a lawful basis and reason. Consent withdrawn takes effect at once."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out
from test_triage import add_person


def tick(driver, element_id):
    driver.find_element(By.ID, element_id).click()


def test_consent_notification_and_override(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Okafor" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    add_person(driver, base_url, "Ngozi", family, "5", "6", "1988")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Consent and sharing"))
    assert h1_text(driver) == "Consent and sharing"
    check_a11y(driver)

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Record consent"))
    click_and_wait(driver, button(driver, "Record consent"))
    assert "Select what the person decided" in error_summary(driver).text
    check_a11y(driver)
    tick(driver, "decision-given")
    tick(driver, "recipients-police")
    tick(driver, "purposes-charging_decision")
    click_and_wait(driver, button(driver, "Record consent"))
    assert "Consent recorded." in driver.find_element(By.TAG_NAME, "main").text

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Notify custody of vulnerabilities"))
    check_a11y(driver)
    tick(driver, "needs-mental_health")
    type_into(driver, "risks", "Low mood; thoughts of self-harm when alone")
    tick(driver, "appropriateAdult-no")
    click_and_wait(driver, button(driver, "Send notification"))
    text = driver.find_element(By.CSS_SELECTOR, ".disclosure-text").text
    assert "Needs: Mental health" in text and "Appropriate adult needed: No" in text
    assert "The person's consent" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to the person's record"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Share other information"))
    Select(driver.find_element(By.ID, "recipientKind")).select_by_value("court")
    type_into(driver, "organisation", "Willesden Magistrates' Court")
    tick(driver, "purpose-bail_remand")
    type_into(driver, "content", "Ms Okafor is engaging with the community mental health team.")
    click_and_wait(driver, button(driver, "Share"))
    assert h1_text(driver) == "You do not have consent to share this"
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Share without consent"))
    assert "Select the lawful basis" in error_summary(driver).text
    tick(driver, "lawfulBasis-serious_harm")
    type_into(driver, "reason", "Risk of serious self-harm if remanded; the court needs to know today.")
    click_and_wait(driver, button(driver, "Share without consent"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Shared without consent" in main and "Awaiting review" in main

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Back to the person's record"))
    type_into(driver, driver.find_element(By.CSS_SELECTOR, "input[name='reason']").get_attribute("id"),
              "Changed her mind about the police")
    click_and_wait(driver, button(driver, "Withdraw consent"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Consent withdrawn" in main and "Withdrawn" in main
    check_a11y(driver)
