"""Browser journey (issue 19): the charity's court practitioner refers a man seen at Thames to its community
support and opens a support case from the episode after a validation error; the support worker finds him first on
her home page, records going with him to the first appointment, and the referral reads "attended", supported.
axe runs on the new pages and their error states."""

import datetime
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import choose, link
from test_people import PASSWORD, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

THAMES_PRACTITIONER = "practitioner.thames@demo.liaison.test"
SUPPORT_WORKER = "support@demo.liaison.test"


def test_support_case_from_an_episode_to_an_accompanied_first_appointment(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, THAMES_PRACTITIONER, PASSWORD)
    family = "Support" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Dev")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "9"), ("dobMonth", "6"), ("dobYear", "1990")):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Thames Magistrates' Court")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("magistrates_court")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("court_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("1")
    click_and_wait(driver, button(driver, "Add person and open episode"))

    # Referred to the charity's own community support, which accepts him.
    click_and_wait(driver, link(driver, "Refer to a service"))
    Select(driver.find_element(By.ID, "serviceID")).select_by_visible_text(
        "Pathways Community Support (Community support)")
    choose(driver, "needs-housing")
    type_into(driver, "reason", "Sofa surfing; wants help to get to housing options")
    click_and_wait(driver, button(driver, "Make referral"))
    referral_url = driver.current_url
    for status in ("sent", "accepted"):
        choose(driver, f"status-{status}")
        click_and_wait(driver, button(driver, "Save"))
    click_and_wait(driver, link(driver, "Back to the person's record"))

    # A support case from the episode, allocated to Sam Reilly.
    click_and_wait(driver, link(driver, "Open a support case"))
    assert h1_text(driver) == "Open a support case"
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text
    check_a11y(driver)
    Select(driver.find_element(By.ID, "workerID")).select_by_visible_text("Sam Reilly")
    review = datetime.date.today() + datetime.timedelta(days=28)
    for part, value in (("Day", review.day), ("Month", review.month), ("Year", review.year)):
        type_into(driver, "reviewOn" + part, str(value))
    choose(driver, "domains-housing")
    click_and_wait(driver, button(driver, "Open support case"))
    assert "Say what the person wants to achieve with housing" in error_summary(driver).text
    check_a11y(driver)
    type_into(driver, "aim.housing", "A room of his own")
    click_and_wait(driver, button(driver, "Open support case"))
    assert h1_text(driver) == "Support case"
    check_a11y(driver)

    # The worker's home: his case, nobody seen yet.
    click_and_wait(driver, button(driver, "Sign out"))
    sign_in(driver, SUPPORT_WORKER, PASSWORD)
    assert "Your support caseload" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)
    click_and_wait(driver, link(driver, family.upper()))
    click_and_wait(driver, link(driver, "Record a contact"))
    check_a11y(driver)
    now = datetime.datetime.now()
    held = now - datetime.timedelta(hours=1)
    if held.date() != now.date():
        # Just after midnight, an hour ago is yesterday: before the support case started today.
        held = now.replace(hour=0, minute=0)
    type_into(driver, "time", held.strftime("%H:%M"))
    for part, value in (("Day", held.day), ("Month", held.month), ("Year", held.year)):
        type_into(driver, "date" + part, str(value))
    choose(driver, "outcome-attended")
    choose(driver, "mode-accompanied")
    Select(driver.find_element(By.ID, "location")).select_by_value("housing_council")
    choose(driver, "goals-housing")
    referral = Select(driver.find_element(By.ID, "referralID"))
    referral.select_by_visible_text(next(o.text for o in referral.options if "Pathways Community Support" in o.text))
    click_and_wait(driver, button(driver, "Save contact"))
    assert "Enter how many minutes the contact took" in error_summary(driver).text
    check_a11y(driver)
    type_into(driver, "minutes", "90")
    click_and_wait(driver, button(driver, "Save contact"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Accompanied to an appointment" in main and "90 min" in main

    # The referral now says he attended his first appointment, supported.
    click_and_wait(driver, button(driver, "Sign out"))
    sign_in(driver, THAMES_PRACTITIONER, PASSWORD)
    driver.get(referral_url)
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Attended" in main and "From the support worker's accompanied contact" in main
