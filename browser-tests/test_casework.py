"""Browser journey through the pathway: identify a person in custody (the search finds them by an alias, so a new
episode is opened on the existing record), complete a PHQ-9 after a validation error, complete an assessment over
two sittings (the draft is kept between them), refer to a service and follow the referral to "attended"; at court
the next day a new episode's assessment starts from the completed one.
axe runs on every page on the way."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out


def link(driver, text):
    return driver.find_element(By.PARTIAL_LINK_TEXT, text)


def choose(driver, element_id):
    driver.find_element(By.ID, element_id).click()


def open_person(driver, base_url, family):
    driver.get(base_url + f"/people/find?familyName={family}&dobDay=3&dobMonth=9&dobYear=1993")
    click_and_wait(driver, link(driver, "View record"))


def test_identify_screen_assess_and_refer(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    suffix = uuid.uuid4().hex[:6].capitalize()
    family, alias_family = "Mensah" + suffix, "Boateng" + suffix

    # Known already: seen at court last month under another name.
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Kofi")
    type_into(driver, "familyName", family)
    type_into(driver, "aliases", f"Kwame {alias_family}")
    for field, value in (("dobDay", "3"), ("dobMonth", "9"), ("dobYear", "1993")):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Ealing custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("1")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text

    # Custody today: he gives the other name. The search finds the record through the alias; use it.
    click_and_wait(driver, link(driver, "Find a person"))
    type_into(driver, "givenName", "Kwame")
    type_into(driver, "familyName", alias_family)
    for field, value in (("dobDay", "3"), ("dobMonth", "9"), ("dobYear", "1993")):
        type_into(driver, field, value)
    click_and_wait(driver, button(driver, "Search"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert family.upper() in main and "Last name: agrees with a name they are also known by" in main
    check_a11y(driver)
    click_and_wait(driver, link(driver, "This is the person"))
    assert h1_text(driver) == "Open an episode"
    check_a11y(driver)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Ealing custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("custody_healthcare")
    click_and_wait(driver, button(driver, "Open episode"))
    episodes = driver.find_elements(By.CSS_SELECTOR, "table")[0].find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(episodes) == 2

    # PHQ-9: saving with nothing answered is an error; then every item answered gives the score.
    click_and_wait(driver, link(driver, "Record a screening"))
    click_and_wait(driver, link(driver, "PHQ-9"))
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Save answers"))
    assert "Answer the questions before saving" in error_summary(driver).text
    check_a11y(driver)
    for item, code in enumerate([2, 2, 1, 2, 1, 1, 0, 1, 0], start=1):
        choose(driver, f"item{item}-{code}")
    click_and_wait(driver, button(driver, "Save answers"))
    assert "10, Moderate" in driver.find_element(By.TAG_NAME, "main").text

    # Assessment, first sitting: needs completed, risk started and left for later.
    click_and_wait(driver, link(driver, "Start assessment"))
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Needs identified"))
    check_a11y(driver)
    choose(driver, "need.housing")
    type_into(driver, "need.housing.detail", "Sleeping in his car")
    choose(driver, "need.mental_health")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    assert "Select the kind of mental health need" in error_summary(driver).text
    check_a11y(driver)
    Select(driver.find_element(By.ID, "mentalHealthKind")).select_by_value("mood")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    click_and_wait(driver, link(driver, "Risk formulation and safety plan"))
    choose(driver, "riskToSelf-current")
    type_into(driver, "formulation", "Thoughts of ending his life since losing his flat")
    click_and_wait(driver, button(driver, "Save and come back later"))
    assert "In progress" in driver.find_element(By.CSS_SELECTOR, ".task-list").text
    check_a11y(driver)

    # Second sitting, after signing out: the draft is still there.
    click_and_wait(driver, button(driver, "Sign out"))
    sign_in(driver, PRACTITIONER, PASSWORD)
    open_person(driver, base_url, family)
    click_and_wait(driver, link(driver, "Continue assessment"))
    click_and_wait(driver, link(driver, "Risk formulation and safety plan"))
    assert driver.find_element(By.ID, "formulation").get_attribute("value").startswith("Thoughts of ending")
    assert driver.find_element(By.ID, "riskToSelf-current").is_selected()
    choose(driver, "riskToOthers-none_known")
    choose(driver, "riskFromOthers-none_known")
    type_into(driver, "safetyPlan", "Crisis line, brother's number, GP appointment booked")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    click_and_wait(driver, link(driver, "Safeguarding"))
    choose(driver, "concerns-no")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    click_and_wait(driver, link(driver, "Capacity to consent"))
    choose(driver, "capacity-has_capacity")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    click_and_wait(driver, link(driver, "Recommendations"))
    type_into(driver, "recommendations", "Housing options referral; community mental health follow-up")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    click_and_wait(driver, link(driver, "Check your answers"))
    assert "Sleeping in his car" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Complete assessment"))
    assert "Assessment completed and locked" in driver.find_element(By.TAG_NAME, "main").text

    # Refer to housing: the needs from the assessment come ticked.
    click_and_wait(driver, link(driver, "Refer to a service"))
    check_a11y(driver)
    assert driver.find_element(By.ID, "needs-housing").is_selected()
    Select(driver.find_element(By.ID, "serviceID")).select_by_visible_text("Ealing Housing Options (Housing options)")
    type_into(driver, "reason", "Homeless after eviction; agreed to a housing assessment")
    click_and_wait(driver, button(driver, "Make referral"))
    assert h1_text(driver) == "Referral to Ealing Housing Options"
    check_a11y(driver)
    for status in ("sent", "accepted"):
        choose(driver, f"status-{status}")
        click_and_wait(driver, button(driver, "Save"))
    choose(driver, "status-attended")
    click_and_wait(driver, button(driver, "Save"))
    assert "Say whether the person was supported to their first appointment" in error_summary(driver).text
    check_a11y(driver)
    assert "Select how the person attended" in error_summary(driver).text
    choose(driver, "status-attended")
    choose(driver, "supported-yes")
    Select(driver.find_element(By.ID, "attendance")).select_by_value("5")
    click_and_wait(driver, button(driver, "Save"))
    assert "Attended on time (5)" in driver.find_element(By.TAG_NAME, "main").text
    history = driver.find_element(By.TAG_NAME, "table").text
    for label in ("Proposed", "Sent", "Accepted", "Attended"):
        assert label in history
    click_and_wait(driver, link(driver, "Back to the person's record"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Ealing Housing Options" in main and "Attended" in main
    check_a11y(driver)

    # At court the next morning, the same organisation: the new episode's assessment offers to start from the
    # completed one instead of a blank one; what is copied is editable and says where it came from.
    click_and_wait(driver, link(driver, "Open a new episode"))
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Willesden Magistrates' Court")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("magistrates_court")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("court_staff")
    click_and_wait(driver, button(driver, "Open episode"))
    court_row = driver.find_element(By.XPATH, "//tr[contains(., 'Willesden')]")
    click_and_wait(driver, court_row.find_element(By.PARTIAL_LINK_TEXT, "Start assessment"))
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Start from')]"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Started from the assessment completed on" in main and "Copied" in main
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Needs identified"))
    assert driver.find_element(By.ID, "need.housing.detail").get_attribute("value") == "Sleeping in his car"
