"""Browser journey (issue 5): a practitioner imports the day's court list. A list with a bad line is refused with
the line named and nothing imported; the fixed list is imported and matched; a possible match is confirmed on the
compare screen. The practitioner drafts a bail report over two sittings, previews it and submits it; a team
manager approves and issues it; the PDF is a PDF with the person's name in its text (pdftotext); the outcome
"bailed" is recorded. axe runs on every new page."""

import datetime
import subprocess
import tempfile
import urllib.request
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_people import PASSWORD, PRACTITIONER, type_into
from test_sign_in_and_sites import button, click_and_wait, error_summary, h1_text, sign_in, start_signed_out

MANAGER = "manager@demo.liaison.test"

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


def link(driver, text):
    return driver.find_element(By.PARTIAL_LINK_TEXT, text)


def sign_in_as(driver, base_url, email):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, email, PASSWORD)


def write_section(driver, title, text, finished=True, community=None):
    click_and_wait(driver, link(driver, title))
    type_into(driver, "forCourt", text)
    if community:
        driver.find_element(By.ID, f"communityOption-{community}").click()
    click_and_wait(driver, button(driver, "Save and mark as completed" if finished else "Save and come back later"))


def pdf_text(driver, url):
    """Fetches the PDF with the browser's session cookie and returns (bytes, the text pdftotext reads)."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies})) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        data = response.read()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        text = subprocess.run(["pdftotext", file.name, "-"], capture_output=True, text=True, check=True).stdout
    return data, text


def test_bail_report_from_the_court_list_to_the_outcome(driver, base_url, check_a11y):
    sign_in_as(driver, base_url, PRACTITIONER)
    family = "Adeyemi" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    add_person(driver, base_url, "Folake", family, "11", "2", "1993")
    court = "Willesden Magistrates' Court"
    upload(driver, base_url, [f'{court},1,morning,11:00,CF{family},"{family.upper()}, Folake",11/02/1993,,Theft'])
    click_and_wait(driver, link(driver, "Review possible match"))
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'This is the person')]"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, f"{family.upper()}, Folake"))
    person_url = driver.current_url

    # Consent to tell the court, then the report.
    click_and_wait(driver, link(driver, "Consent and sharing"))
    click_and_wait(driver, link(driver, "Record consent"))
    for element_id in ("decision-given", "recipients-court", "purposes-bail_remand"):
        driver.find_element(By.ID, element_id).click()
    click_and_wait(driver, button(driver, "Record consent"))
    driver.get(person_url)
    click_and_wait(driver, link(driver, "Court reports"))
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Start a court report"))
    driver.find_element(By.ID, "type-bail_remand").click()
    Select(driver.find_element(By.ID, "courtID")).select_by_visible_text(court)
    today = datetime.date.today()
    for field, value in (("hearingDateDay", today.day), ("hearingDateMonth", today.month), ("hearingDateYear", today.year)):
        type_into(driver, field, str(value))
    type_into(driver, "caseReference", f"CF{family}")
    click_and_wait(driver, button(driver, "Start report"))
    assert h1_text(driver) == "Bail and remand advice"
    check_a11y(driver)
    report_url = driver.current_url.split("?")[0]

    # First sitting: one section started, then away.
    write_section(driver, "Background and circumstances", "Lives with her two children in Harlesden.", finished=False)
    assert "In progress" in driver.find_element(By.CSS_SELECTOR, ".task-list").text
    click_and_wait(driver, button(driver, "Sign out"))

    # Second sitting: the draft is there; finish every section.
    sign_in_as(driver, base_url, PRACTITIONER)
    driver.get(report_url)
    click_and_wait(driver, link(driver, "Background and circumstances"))
    assert driver.find_element(By.ID, "forCourt").get_attribute("value") == "Lives with her two children in Harlesden."
    check_a11y(driver)
    type_into(driver, "keptInService", "Her sister says she stopped her medication.")
    click_and_wait(driver, button(driver, "Save and mark as completed"))
    for title in ("Health and vulnerabilities", "Risk", "Engagement with services", "Sources of information"):
        write_section(driver, title, f"{title}: written for the court.")
    write_section(driver, "Options and recommendation", "Bail with support from the women's service.", community="yes")
    click_and_wait(driver, link(driver, "Preview what the court will see"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Lives with her two children in Harlesden." in main and "stopped her medication" not in main
    check_a11y(driver)
    driver.get(report_url)
    click_and_wait(driver, button(driver, "Submit for review"))
    assert "Awaiting review" in driver.find_element(By.TAG_NAME, "main").text

    # The team manager approves and issues it.
    sign_in_as(driver, base_url, MANAGER)
    click_and_wait(driver, link(driver, "Reports to review"))
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Bail and remand advice"))
    click_and_wait(driver, button(driver, "Approve and lock"))
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Issue to the court"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Issued." in main and "SHA-256 of the issued PDF" in main
    data, text = pdf_text(driver, link(driver, "Download the PDF").get_attribute("href"))
    assert data.startswith(b"%PDF-")
    assert f"{family.upper()}, Folake" in text and "Harlesden" in text and "medication" not in text

    # Back as the practitioner: the court bailed her.
    sign_in_as(driver, base_url, PRACTITIONER)
    driver.get(person_url)
    click_and_wait(driver, link(driver, "Hearings and outcomes"))
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Record an outcome"))
    Select(driver.find_element(By.ID, "code")).select_by_value("bailed")
    check_a11y(driver)
    click_and_wait(driver, button(driver, "Record outcome"))
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "Outcome recorded." in main and "Court decision Bailed" in main
