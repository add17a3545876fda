"""Browser journey (issue 18): the women's practitioner at Thames sees every woman at court, need identified or not.
She identifies a woman at court and screens her, imports the day's Thames list (saved from Excel in Windows-1252,
with "Case Number", surname and forename columns), and the women-at-court list shows every woman on it once, with
who has seen her; its count agrees with the "Seen by" column. axe runs on every new page."""

import random
import re
import tempfile
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import choose, link
from test_people import PASSWORD, type_into
from test_sign_in_and_sites import button, click_and_wait, h1_text, sign_in, start_signed_out

WOMENS_PRACTITIONER = "womens.practitioner@demo.liaison.test"
COURT = "Thames Magistrates' Court"
CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def pnc_id():
    """A PNC ID with a valid check letter, long form and short form."""
    serial = f"{random.randrange(1, 9_999_999):07d}"
    letter = CHECK_LETTERS[int("19" + serial) % len(CHECK_LETTERS)]
    return f"2019/{serial}{letter}", f"19/{int(serial)}{letter}"


def test_every_woman_on_the_days_court_list_with_who_has_seen_her(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, WOMENS_PRACTITIONER, PASSWORD)
    suffix = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    family, stranger = "Gonçalves" + suffix, "Adeyemi" + suffix
    long_pnc, short_pnc = pnc_id()

    # Identified at court this morning and screened: she has been seen.
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "João")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "3"), ("dobMonth", "9"), ("dobYear", "1991")):
        type_into(driver, field, value)
    type_into(driver, "pncID", long_pnc)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text(COURT)
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("magistrates_court")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("court_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("2")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    click_and_wait(driver, link(driver, "Record a screening"))
    click_and_wait(driver, link(driver, "GAD-7"))
    for item in range(1, 8):
        choose(driver, f"item{item}-1")
    click_and_wait(driver, button(driver, "Save answers"))

    # The day's list from the court's spreadsheet: Windows-1252, surname and forename columns, a case number.
    text = "\r\n".join([
        "Court,Hearing time,Case Number,Surname,Forename(s),D.O.B.,PNC Number,Gender",
        f"{COURT},10:00,TH1{suffix},{family.upper()},João,03/09/1991,{short_pnc},F",
        f"{COURT},11:30,TH2{suffix},{stranger.upper()},Funmi,12/12/1999,,F",
        f"{COURT},12:00,TH3{suffix},BROWN{suffix.upper()},Tom,01/01/1980,,M",
    ]) + "\r\n"
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as file:
        file.write(text.encode("cp1252"))
    driver.get(base_url + "/triage/import")
    check_a11y(driver)
    driver.find_element(By.ID, "kind-court").click()
    driver.find_element(By.ID, "file").send_keys(file.name)
    click_and_wait(driver, button(driver, "Import list"))
    Path(file.name).unlink()
    main = driver.find_element(By.TAG_NAME, "main").text
    assert "List imported" in main and f"{family.upper()}, João" in main, main

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Women at court"))
    assert h1_text(driver) == "Women at court today"
    check_a11y(driver)
    table = driver.find_element(By.CSS_SELECTOR, "main table")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ours = [row.text for row in rows if suffix in row.text.lower()]
    assert len(ours) == 2, ours  # she is listed once (list line and episode joined); Tom is not a woman
    seen_row = next(row for row in ours if family.upper() in row)
    assert "Grace Okafor," in seen_row and "10:00" in seen_row
    assert "Not yet seen" in next(row for row in ours if stranger.upper() in row)
    caption = table.find_element(By.TAG_NAME, "caption").text
    counted = re.search(r"(\d+) wom[ae]n at your courts: (\d+) seen, (\d+) still to see", caption)
    assert counted, caption
    total, seen, unseen = (int(n) for n in counted.groups())
    assert total == len(rows) and seen + unseen == total
    assert unseen == sum("Not yet seen" in row.text for row in rows)
