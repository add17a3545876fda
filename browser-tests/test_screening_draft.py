"""Browser journey (issue 17): a practitioner starts a GAD-7 in custody, is called away after three questions, and
later finds the draft on the person's record, sees what was answered, continues it and completes it. The key
details bar names the person on every screen. axe on every page on the way."""

import uuid

from selenium.webdriver.common.by import By

from test_people import PASSWORD, PRACTITIONER, add_person_in_custody
from test_sign_in_and_sites import button, click_and_wait, h1_text, sign_in, start_signed_out


def test_a_screening_draft_is_resumed_and_completed(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Nowak" + uuid.uuid4().hex[:6].capitalize()
    add_person_in_custody(driver, base_url, "Łucja", family, ("12", "5", "2001"), "Ealing custody suite", "2")
    person_page = driver.current_url

    # The instrument chooser and the form both name the person.
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Record a screening"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "GAD-7"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    for item, code in ((1, 2), (2, 1), (3, 2)):
        driver.find_element(By.ID, f"item{item}-{code}").click()
    click_and_wait(driver, button(driver, "Save answers"))
    assert "Saved as a draft" in driver.find_element(By.TAG_NAME, "main").text

    # Later: the draft is on the record; its page shows what was answered and what was not.
    driver.get(person_page)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "GAD-7"))
    assert h1_text(driver).startswith("GAD-7")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "3 of 7 questions answered" in main and "Not answered yet" in main
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Continue this screening"))
    assert driver.find_element(By.ID, "item1-2").is_selected()
    assert driver.find_element(By.ID, "item3-2").is_selected()
    check_a11y(driver)
    for item, code in ((4, 1), (5, 0), (6, 1), (7, 0)):
        driver.find_element(By.ID, f"item{item}-{code}").click()
    click_and_wait(driver, button(driver, "Save answers"))

    # Complete: scored and banded, no longer a draft, nothing left to continue.
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "7, Mild" in main and "7 of 7 questions answered" in main
    assert "Continue this screening" not in main and "Draft" not in main
    check_a11y(driver)
