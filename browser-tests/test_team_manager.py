"""Browser journey for a team manager: keep the service directory (with a validation error first), look at the
women-at-court list, compare a possible duplicate found by the matcher (the demo records about 2% of people twice)
and the merges list, and allocate an unallocated episode. axe runs on every page."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

MANAGER = "manager@demo.liaison.test"


def test_directory_lists_and_allocation(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, MANAGER, PASSWORD)

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Services"))
    assert h1_text(driver) == "Service directory"
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Add a service"))
    click_and_wait(driver, button(driver, "Add service"))
    summary = error_summary(driver).text
    assert "Enter the service name" in summary and "Select at least one borough the service covers" in summary
    check_a11y(driver)
    name = "Ealing Recovery Cafe " + uuid.uuid4().hex[:4]
    type_into(driver, "name", name)
    Select(driver.find_element(By.ID, "kind")).select_by_value("substance_misuse")
    type_into(driver, "provider", "Ealing Peer Support")
    driver.find_element(By.XPATH, "//label[normalize-space()='Ealing']").click()
    type_into(driver, "contactRoute", "Drop in, Tuesdays 10 to 2")
    click_and_wait(driver, button(driver, "Add service"))
    assert h1_text(driver) == name
    assert "Ealing Peer Support" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Women at court"))
    assert h1_text(driver) == "Women at court today"
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Possible duplicates"))
    assert h1_text(driver) == "Possible duplicate records"
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "table tbody tr a"))
    assert h1_text(driver) == "Are these the same person?"
    explained = driver.find_element(By.XPATH, "//table[caption[starts-with(., 'Why they were paired')]]").text
    for field in ["First name", "Last name", "Date of birth", "NHS number", "PNC ID", "Postcode", "Sex"]:
        assert field in explained
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Propose merge"))
    assert "Choose the record to keep" in error_summary(driver).text
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Merges"))
    assert h1_text(driver) == "Merging duplicate records"
    check_a11y(driver)

    driver.get(base_url + "/worklist?unallocated=yes")
    check_a11y(driver)
    row = driver.find_element(By.CSS_SELECTOR, "table tbody tr")
    person = row.find_element(By.TAG_NAME, "a").text
    # Each practitioner is offered with their open caseload and today's load: "Priya Shah (3 open, 1 today)".
    choice = Select(row.find_element(By.TAG_NAME, "select"))
    offered = next(o.text for o in choice.options if o.text.startswith("Priya Shah ("))
    assert offered.endswith(" today)") and " open, " in offered
    choice.select_by_visible_text(offered)
    click_and_wait(driver, row.find_element(By.XPATH, ".//button[contains(., 'Allocate')]"))
    driver.get(base_url + "/worklist?mine=")
    allocated = driver.find_element(By.XPATH, f"//tr[td/a[normalize-space()='{person}']]")
    assert allocated.find_elements(By.TAG_NAME, "td")[-1].text.split("\n")[0].strip() == "Priya Shah"
