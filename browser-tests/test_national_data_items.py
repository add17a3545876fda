"""Browser journey (issue 18): a practitioner records an episode's national data items (why L&D was asked, when
alerted and first seen, arrest or voluntary attendance, offence group, learning disability and autism status)
after a validation error, and the person's GP, NHS-number check and equality items after another. axe runs on
both pages and their error states."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import choose, link
from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out


def select(driver, field, value):
    Select(driver.find_element(By.ID, field)).select_by_value(value)


def test_episode_and_person_national_items(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Items" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Leila")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "14"), ("dobMonth", "2"), ("dobYear", "1988")):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Ealing custody suite")
    select(driver, "pathwayPoint", "police_custody")
    select(driver, "referralSource", "police_custody_staff")
    select(driver, "statedGender", "2")
    click_and_wait(driver, button(driver, "Add person and open episode"))

    # The episode's items: alerted when identified and "arrested" come filled in; the rest is asked.
    click_and_wait(driver, link(driver, "National data items"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "E1" in main and "D02" in main, "the MHSDS source and team type are shown, derived from the episode"
    assert driver.find_element(By.ID, "custodyBasis-arrest").is_selected()
    check_a11y(driver)
    select(driver, "reason", "presentation")
    choose(driver, "seen-yes")
    select(driver, "offence", "public_order")
    select(driver, "learningDisability", "5")
    select(driver, "autism", "3")
    click_and_wait(driver, button(driver, "Save"))
    assert "Enter when the person was first seen" in error_summary(driver).text
    check_a11y(driver)
    # First seen the minute L&D was alerted: never before it, never in the future.
    for part in ("Day", "Month", "Year"):
        alerted = driver.find_element(By.ID, "alertedDate" + part).get_attribute("value")
        type_into(driver, "firstContactDate" + part, alerted)
    type_into(driver, "firstContactTime", driver.find_element(By.ID, "alertedTime").get_attribute("value"))
    click_and_wait(driver, button(driver, "Save"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Your changes have been saved" in main
    assert driver.find_element(By.ID, "autism").get_attribute("value") == "3"
    assert driver.find_element(By.ID, "offence").get_attribute("value") == "public_order"

    # The person's items, from the record.
    click_and_wait(driver, link(driver, "Back to the person's record"))
    click_and_wait(driver, link(driver, "GP and equality"))
    assert h1_text(driver) == "GP, NHS number and equality"
    check_a11y(driver)
    choose(driver, "nhsNumberVerified-no")
    type_into(driver, "gpPractice", "F8401")
    select(driver, "religion", "declined")
    select(driver, "sexualOrientation", "Z")
    for field, answer in (("disability", "no"), ("dependentChildren", "yes"), ("careExperienced", "not_known"),
                          ("veteran", "no"), ("pregnant", "declined")):
        choose(driver, f"{field}-{answer}")
    click_and_wait(driver, button(driver, "Save"))
    assert "Enter the GP practice's ODS code" in error_summary(driver).text
    check_a11y(driver)
    type_into(driver, "gpPractice", "f84012")
    click_and_wait(driver, button(driver, "Save"))
    assert "Your changes have been saved" in driver.find_element(By.TAG_NAME, "main").text
    assert driver.find_element(By.ID, "gpPractice").get_attribute("value") == "F84012"
    assert driver.find_element(By.ID, "pregnant-declined").is_selected()
    assert driver.find_element(By.ID, "dependentChildren-yes").is_selected()
