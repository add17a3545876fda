"""Browser journey: a practitioner searches before adding, finds nobody, adds the person with a first episode
(fixing a mistake on the way), lands on the person page, and a second search then finds them."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_sign_in_and_sites import (
    button,
    click_and_wait,
    error_summary,
    h1_text,
    sign_in,
    start_signed_out,
)

PRACTITIONER = "practitioner@demo.liaison.test"
PASSWORD = "liaison-demo-password"


def type_into(driver, field_id, text):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)


def add_person_in_custody(driver, base_url, given, family, dob, site, sex, urgency=None):
    """Adds a person met in police custody at `site`, with their first episode; `dob` is (day, month, year) and
    `sex` the stated-gender code ("1" male, "2" female). Leaves the browser on their record."""
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", given)
    type_into(driver, "familyName", family)
    for field, value in zip(("dobDay", "dobMonth", "dobYear"), dob):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text(site)
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    if urgency:
        Select(driver.find_element(By.ID, "urgency")).select_by_value(urgency)
    Select(driver.find_element(By.ID, "statedGender")).select_by_value(sex)
    click_and_wait(driver, button(driver, "Add person and open episode"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text


def test_find_then_add_a_person(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Okonkwo" + uuid.uuid4().hex[:6].capitalize()

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Find a person"))
    check_a11y(driver)
    type_into(driver, "givenName", "Chidi")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "14"), ("dobMonth", "2"), ("dobYear", "1996")):
        type_into(driver, field, value)
    click_and_wait(driver, button(driver, "Search"))
    assert "No likely matches" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "None of these"))
    assert h1_text(driver) == "Add a person"
    # The search carried over.
    assert driver.find_element(By.ID, "familyName").get_attribute("value") == family
    assert driver.find_element(By.ID, "dobYear").get_attribute("value") == "1996"
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Wembley custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("1")
    type_into(driver, "nhsNumber", "943 476 5918")  # wrong check digit
    click_and_wait(driver, button(driver, "Add person and open episode"))

    summary = error_summary(driver)
    assert "This NHS number fails its check digit" in summary.text
    assert driver.find_element(By.ID, "familyName").get_attribute("value") == family
    check_a11y(driver)

    type_into(driver, "nhsNumber", "")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    bar = driver.find_element(By.CSS_SELECTOR, ".key-details").text
    assert family.upper() in bar and "14 February 1996" in bar
    assert "Wembley custody suite" in driver.find_element(By.TAG_NAME, "table").text
    check_a11y(driver)

    # Searching again with a misspelling finds them, with the points that matched.
    driver.get(base_url + f"/people/find?givenName=Chidi&familyName={family[:-1]}&dobDay=2&dobMonth=14&dobYear=1996")
    main = driver.find_element(By.TAG_NAME, "main").text
    # Day 2, month 14 is not a date: the form says so.
    assert "Date of birth must be a real date" in main
    driver.get(base_url + f"/people/find?givenName=Chidi&familyName={family}&dobDay=14&dobMonth=2&dobYear=1996")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert family.upper() in main and "Date of birth: agrees exactly" in main and "View record" in main
    assert "Why this match: every field and its weight" in main

    # They are on the organisation's open-episodes list; take the episode.
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Open episodes"))
    assert family.upper() in driver.find_element(By.TAG_NAME, "table").text
    check_a11y(driver)
    row = driver.find_element(By.XPATH, f"//tr[td/a[contains(., '{family.upper()}')]]")
    click_and_wait(driver, row.find_element(By.XPATH, ".//button[contains(., 'Take this')]"))
    row = driver.find_element(By.XPATH, f"//tr[td/a[contains(., '{family.upper()}')]]")
    assert "Priya Shah" in row.text
