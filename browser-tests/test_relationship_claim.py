"""Browser journey (issue 14): a practitioner of another trust meets in custody a person whose record CNWL holds,
opens an episode by claiming a legitimate relationship with a reason, and CNWL's team manager sees the claim and
reviews it. axe on every page the journey visits."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

PASSWORD = "liaison-demo-password"
CNWL_PRACTITIONER = "practitioner@demo.liaison.test"
BEH_PRACTITIONER = "practitioner.north@demo.liaison.test"
CNWL_MANAGER = "manager@demo.liaison.test"


def add_person(driver, base_url, family):
    driver.get(base_url + f"/people/new?givenName=Kemi&familyName={family}&dobDay=3&dobMonth=9&dobYear=1993")
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Wembley custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("2")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text


def test_claim_a_relationship_and_the_holder_reviews_it(driver, base_url, check_a11y):
    family = "Adeyemi" + uuid.uuid4().hex[:6].capitalize()
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, CNWL_PRACTITIONER, PASSWORD)
    add_person(driver, base_url, family)

    # Barnet, Enfield and Haringey's practitioner meets her in custody at Colindale: CNWL's record is not theirs.
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, BEH_PRACTITIONER, PASSWORD)
    driver.get(base_url + f"/people/find?givenName=Kemi&familyName={family}&dobDay=3&dobMonth=9&dobYear=1993")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "A record held by another team or organisation" in main and family.upper() not in main
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "This is the person: open a new episode"))
    assert h1_text(driver) == "Open an episode"
    assert "Where are you working with this person?" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Colindale custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    click_and_wait(driver, button(driver, "Open episode"))
    summary = error_summary(driver).text
    assert "Select where you are working with this person" in summary
    check_a11y(driver)

    driver.find_element(By.ID, "claimContext-in_custody_now").click()
    reason = "Arrested overnight, in cell 4 at Colindale; the custody sergeant asked for an assessment"
    type_into(driver, "claimReason", reason)
    click_and_wait(driver, button(driver, "Open episode"))
    bar = driver.find_element(By.CSS_SELECTOR, ".key-details").text
    assert family.upper() in bar
    assert "Colindale custody suite" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)

    # CNWL's team manager is told, and reviews the claim.
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, CNWL_MANAGER, PASSWORD)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Relationship claims"))
    row = driver.find_element(By.XPATH, f"//tr[td[contains(., '{family.upper()}')]]")
    assert "Waiting for your review" in row.text and "Tom Byrne" in row.text and "In custody at my suite now" in row.text
    check_a11y(driver)
    click_and_wait(driver, row.find_element(By.TAG_NAME, "a"))
    assert reason in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)
    # Ending a claim needs a reason; upholding does not.
    click_and_wait(driver, button(driver, "End the claim"))
    assert "Say why the relationship is not legitimate" in error_summary(driver).text
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Uphold: a legitimate relationship"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Upheld" in main and "Your changes have been saved." in main
    check_a11y(driver)
