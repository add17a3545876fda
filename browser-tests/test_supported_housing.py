"""Browser journey (issue 19): the women's practitioner at Thames asks for a supported housing place for a woman
facing remand with nowhere to live, then places her in the Hackney women's house from the waiting list after a
validation error (freeing a place first if the house is full, as the team would when someone moves out). Her name
shows on the unit page to the placing team. axe runs on each new page and its error state."""

import datetime
import re
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import choose, link
from test_people import PASSWORD, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

WOMENS_PRACTITIONER = "womens.practitioner@demo.liaison.test"


def type_date(driver, prefix, day):
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        type_into(driver, prefix + part, str(value))


def test_place_a_woman_from_the_waiting_list(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, WOMENS_PRACTITIONER, PASSWORD)
    family = "Housed" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Maya")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "14"), ("dobMonth", "2"), ("dobYear", "1994")):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Thames Magistrates' Court")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("magistrates_court")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("court_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("2")
    click_and_wait(driver, button(driver, "Add person and open episode"))

    # On the waiting list: a court date already past is refused next to the field.
    click_and_wait(driver, link(driver, "Ask for a housing place"))
    assert h1_text(driver) == "Ask for a supported housing place"
    check_a11y(driver)
    choose(driver, "priority-urgent")
    type_date(driver, "courtDate", datetime.date.today() - datetime.timedelta(days=2))
    type_into(driver, "note", "Left a violent partner; bail likely with an address")
    click_and_wait(driver, button(driver, "Add to the waiting list"))
    assert "The court date has passed" in error_summary(driver).text
    check_a11y(driver)
    type_date(driver, "courtDate", datetime.date.today() + datetime.timedelta(days=3))
    click_and_wait(driver, button(driver, "Add to the waiting list"))
    assert h1_text(driver) == "Housing waiting list"
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if family.upper() in r.text)
    assert "Urgent" in row.text and "in 3 days" in row.text
    check_a11y(driver)

    # The house is for five women; if it is full today, someone moves out first.
    click_and_wait(driver, link(driver, "Back to supported housing"))
    click_and_wait(driver, link(driver, "Hackney women's house"))
    check_a11y(driver)
    taken = driver.find_element(By.TAG_NAME, "main").text
    if re.search(r"Places taken today\s*5 of 5", taken):
        click_and_wait(driver, driver.find_elements(By.PARTIAL_LINK_TEXT, "End placement")[0])
        type_into(driver, "moveOn", "Council tenancy in Hackney")
        click_and_wait(driver, button(driver, "End placement"))
    click_and_wait(driver, link(driver, "Place someone from the waiting list"))
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if family.upper() in r.text)
    click_and_wait(driver, row.find_element(By.PARTIAL_LINK_TEXT, "Place"))
    assert h1_text(driver) == "Place from the waiting list"
    check_a11y(driver)
    Select(driver.find_element(By.ID, "unitID")).select_by_index(1)
    click_and_wait(driver, button(driver, "Place"))
    assert "Enter when the placement is planned to end" in error_summary(driver).text
    check_a11y(driver)
    type_date(driver, "plannedEndOn", datetime.date.today() + datetime.timedelta(days=42))
    click_and_wait(driver, button(driver, "Place"))
    assert h1_text(driver) == "Hackney women's house"
    placed = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if family.upper() in r.text)
    assert "To avoid remand in custody" in placed.text and "Not yet known" in placed.text
    assert driver.find_element(By.CSS_SELECTOR, "figure.bar-chart svg[aria-label*='nights occupied']")
    check_a11y(driver)
    driver.get(base_url + "/housing/waiting-list")
    assert family.upper() not in driver.find_element(By.TAG_NAME, "main").text
