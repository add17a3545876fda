"""Browser journey (issue 17): a team leader's day. A practitioner adds a 17-year-old in custody at Wembley; the
CNWL team manager opens "Today", sees Wembley among the busy sites with today's arrival and who covers it, and
allocates the young person to a practitioner from the same page, choosing by the caseloads shown beside each name.
axe on every page."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, PRACTITIONER, add_person_in_custody
from test_sign_in_and_sites import button, click_and_wait, h1_text, sign_in, start_signed_out

MANAGER = "manager@demo.liaison.test"


def test_the_team_leader_allocates_todays_arrival_from_the_day_view(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Adebayo" + uuid.uuid4().hex[:6].capitalize()
    add_person_in_custody(
        driver, base_url, "Tolu", family, ("1", "2", "2010"), "Wembley custody suite", "1", urgency="urgent")

    # The practitioner's home is their work: the young person is among today's arrivals.
    driver.get(base_url + "/")
    assert h1_text(driver) == "Your work today"
    assert family.upper() in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, MANAGER, PASSWORD)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Today"))
    assert h1_text(driver).startswith("Today, ")
    sites = driver.find_elements(By.CSS_SELECTOR, "table")[0].text
    assert "Wembley custody suite" in sites
    check_a11y(driver)

    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if family.upper() in r.text)
    assert "Under 18" in row.text
    assert row.find_elements(By.TAG_NAME, "td")[-1].text.split("\n")[0].strip() == "Unallocated"
    choice = Select(row.find_element(By.TAG_NAME, "select"))
    option = next(o for o in choice.options if o.text.startswith("Priya Shah ("))
    assert " open, " in option.text and " today)" in option.text
    choice.select_by_visible_text(option.text)
    click_and_wait(driver, row.find_element(By.CSS_SELECTOR, "button"))

    assert driver.current_url.endswith("/day?done=updated")
    assert "Your changes have been saved." in driver.find_element(By.TAG_NAME, "main").text
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "tbody tr") if family.upper() in r.text)
    assert row.find_elements(By.TAG_NAME, "td")[-1].text.split("\n")[0].strip() == "Priya Shah"
    assert Select(row.find_element(By.TAG_NAME, "select")).first_selected_option.text.startswith("Priya Shah (")
    check_a11y(driver)
