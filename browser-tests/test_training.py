"""Browser journey (issue 19): a practitioner records a mental health awareness session for custody officers,
first without saying where it was held, and finds it in the summary and its chart. axe runs on the form, its error
state and the list."""

import datetime
import uuid

from selenium.webdriver.common.by import By

from test_casework import choose, link
from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out


def test_record_a_training_session(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    click_and_wait(driver, link(driver, "Training"))
    assert h1_text(driver) == "Mental health awareness training"
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Record a session"))
    check_a11y(driver)
    trained = "Ealing custody team " + uuid.uuid4().hex[:6]
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    for part, value in (("Day", yesterday.day), ("Month", yesterday.month), ("Year", yesterday.year)):
        type_into(driver, "on" + part, str(value))
    type_into(driver, "deliveredBy", "Priya Shah")
    type_into(driver, "audienceOrganisation", trained)
    choose(driver, "audience-custody_officers")
    type_into(driver, "topic", "Spotting a learning disability or autism")
    type_into(driver, "attended", "11")
    type_into(driver, "attendees", "PS Grant, custody sergeant\nDO Lewis, detention officer")
    type_into(driver, "confidenceBefore", "2.2")
    type_into(driver, "confidenceAfter", "4.1")
    click_and_wait(driver, button(driver, "Save session"))
    assert "Enter where it was held, or say it was online" in error_summary(driver).text
    check_a11y(driver)
    type_into(driver, "location", "Ealing custody suite briefing room")
    click_and_wait(driver, button(driver, "Save session"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert trained in main and "Spotting a learning disability or autism" in main
    assert driver.find_element(By.CSS_SELECTOR, f"svg[aria-label='{trained}: 11 people trained']")
    check_a11y(driver)
