"""Browser journey: a practitioner imports the day's court list. A list with a bad line is refused with the line
named and nothing imported; the fixed list is imported and matched; a possible match is confirmed on the compare
screen, and the line then shows the person's open episode."""

import tempfile
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

HEADER = "Court,Courtroom,Session,Hearing time,Case reference,Name,Date of birth,PNC,Charge"


def add_person(driver, base_url, given, family, day, month, year):
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", given)
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", day), ("dobMonth", month), ("dobYear", year)):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Wembley custody suite")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("police_custody")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("police_custody_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("2")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    assert family.upper() in driver.find_element(By.CSS_SELECTOR, ".key-details").text


def upload(driver, base_url, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as file:
        file.write("\n".join([HEADER] + lines) + "\n")
    driver.get(base_url + "/triage/import")
    driver.find_element(By.ID, "kind-court").click()
    driver.find_element(By.ID, "file").send_keys(file.name)
    click_and_wait(driver, button(driver, "Import list"))
    Path(file.name).unlink()


def test_import_a_court_list_and_confirm_a_match(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, PRACTITIONER, PASSWORD)
    # Letters only: the list's upper-case names are title-cased on import.
    family = "Nowak" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    add_person(driver, base_url, "Magdalena", family, "3", "9", "1991")

    court = "Willesden Magistrates' Court"
    known = f'{court},2,morning,10:00,CR{family},"{family.upper()}, Magda",03/09/1991,,Shoplifting'
    stranger = f'{court},2,afternoon,14:00,CS{family},"UNLISTED{family.upper()}, Ola",12/12/1999,,Criminal damage'
    bad = f'{court},2,morning,10:30,CB{family},"LEE, Bo",31/02/1990,,Theft'

    upload(driver, base_url, [known, bad, stranger])
    summary = error_summary(driver)
    assert "Line 3: Date of birth “31/02/1990” is not a real date" in summary.text
    assert "Nothing was imported" in driver.find_element(By.TAG_NAME, "main").text
    check_a11y(driver)
    driver.get(base_url + "/triage")
    assert family.upper() not in driver.find_element(By.TAG_NAME, "main").text

    upload(driver, base_url, [known, stranger])
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "List imported: 2 lines added and matched." in main
    assert f"{court}, morning" in main and f"{court}, afternoon" in main
    assert "Possible match" in main and "Not known" in main
    check_a11y(driver)

    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Review possible match"))
    assert h1_text(driver).startswith(f"Is {family.upper()}, Magda on the court list known to L&D?")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert f"{family.upper()}, Magdalena" in main and "Date of birth" in main
    check_a11y(driver)
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'This is the person')]"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Match confirmed" in main
    row = driver.find_element(By.XPATH, f"//tr[contains(., 'CR{family}')]").text
    assert "Open episode" in row and "Woman" in row

    # The stranger's line leads to the search, filled in from the list.
    click_and_wait(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "Find or add"))
    assert driver.find_element(By.ID, "familyName").get_attribute("value").lower() == f"unlisted{family.lower()}"
