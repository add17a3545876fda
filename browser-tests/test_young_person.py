"""Browser journey (issue 18): a practitioner identifies a 15-year-old in custody, records his Appropriate Adult
and youth offending team on the young person page after a validation error, and the page stops warning that no
Appropriate Adult is recorded. axe runs on the page and its error state."""

import datetime
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import choose, link
from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out


def test_a_childs_appropriate_adult_and_youth_offending_team(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    family = "Youngs" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    born = datetime.date.today().year - 15
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Kai")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "1"), ("dobMonth", "1"), ("dobYear", str(born))):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Ealing custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("1")
    click_and_wait(driver, button(driver, "Add person and open episode"))

    click_and_wait(driver, link(driver, "Young person"))
    assert h1_text(driver) == "Young person: support and transition"
    assert "No appropriate adult is recorded" in driver.find_element(By.TAG_NAME, "main").text
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    check_a11y(driver)
    came = datetime.date.today() - datetime.timedelta(days=1)  # yesterday evening: never in the future
    type_into(driver, "appropriateAdultName", "Sam Volunteer")
    Select(driver.find_element(By.ID, "appropriateAdultRelationship")).select_by_value("volunteer_scheme")
    for field, value in (("appropriateAdultDateDay", came.day), ("appropriateAdultDateMonth", came.month),
                         ("appropriateAdultDateYear", came.year)):
        type_into(driver, field, str(value))
    type_into(driver, "appropriateAdultFrom", "23:05")
    click_and_wait(driver, button(driver, "Save"))
    assert "Select whether the youth offending team knows the young person" in error_summary(driver).text
    check_a11y(driver)
    choose(driver, "youthJustice-open_case")
    type_into(driver, "youthJusticeWorker", "Ealing YOT duty worker")
    click_and_wait(driver, button(driver, "Save"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Your changes have been saved" in main and "No appropriate adult is recorded" not in main
