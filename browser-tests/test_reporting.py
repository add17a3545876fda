"""Browser journey (issue 20): East London's team manager records a woman seen at Snaresbrook, opens the service dashboard, filters it to Snaresbrook
Crown Court and to women, reads the charts' tables, then opens the national return for last month and downloads its
CSV with the session the browser holds; then makes a pseudonymised evaluation extract for an evaluator (after a missing
recipient), reads its secret once and downloads it. axe runs on every page."""

import csv
import datetime
import io
import re
import urllib.parse
import urllib.request
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_casework import link
from test_people import PASSWORD, type_into
from test_sign_in_and_sites import button, click_and_wait, h1_text, sign_in, start_signed_out

EAST_MANAGER = "manager.east@demo.liaison.test"


def test_dashboard_filtered_to_a_crown_court_and_women_then_the_national_return(driver, base_url, check_a11y):
    start_signed_out(driver, base_url)
    driver.get(base_url + "/sign-in")
    sign_in(driver, EAST_MANAGER, PASSWORD)
    # A woman seen at Snaresbrook today, so the filtered figures hold at least her.
    family = "Crown" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:6])
    driver.get(base_url + "/people/new")
    type_into(driver, "givenName", "Rose")
    type_into(driver, "familyName", family)
    for field, value in (("dobDay", "3"), ("dobMonth", "4"), ("dobYear", "1989")):
        type_into(driver, field, value)
    Select(driver.find_element(By.ID, "siteID")).select_by_visible_text("Snaresbrook Crown Court")
    Select(driver.find_element(By.ID, "pathwayPoint")).select_by_value("crown_court")
    Select(driver.find_element(By.ID, "referralSource")).select_by_value("court_staff")
    Select(driver.find_element(By.ID, "statedGender")).select_by_value("2")
    click_and_wait(driver, button(driver, "Add person and open episode"))
    click_and_wait(driver, link(driver, "Dashboard"))
    assert h1_text(driver) == "Service dashboard"
    check_a11y(driver)
    Select(driver.find_element(By.ID, "period")).select_by_visible_text("Last 12 months")
    Select(driver.find_element(By.ID, "site")).select_by_visible_text("Snaresbrook Crown Court")
    driver.find_element(By.ID, "women").click()
    click_and_wait(driver, button(driver, "Show figures"))
    assert "women=yes" in driver.current_url
    assert Select(driver.find_element(By.ID, "site")).first_selected_option.text == "Snaresbrook Crown Court"
    tables = driver.find_elements(By.CSS_SELECTOR, "table.table")
    sex = next(t for t in tables if "by stated gender" in t.text)
    rows = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[1].text
            for r in sex.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert rows["Male"] == "0" and int(rows["Female"]) > 0
    points = next(t for t in tables if "at each point" in t.text)
    crown = next(r for r in points.find_elements(By.CSS_SELECTOR, "tbody tr") if "Crown court" in r.text)
    assert int(crown.find_elements(By.TAG_NAME, "td")[1].text) > 0
    assert driver.find_element(By.CSS_SELECTOR, "figure.bar-chart svg[aria-label^='Female']")
    check_a11y(driver)

    click_and_wait(driver, link(driver, "National return"))
    assert h1_text(driver) == "National return"
    check_a11y(driver)
    href = driver.find_element(By.LINK_TEXT, "Download the return (CSV)").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    request = urllib.request.Request(href, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert rows and all(row["ORG_CODE"] == "RWK" and row["TEAM_TYPE"] == "D02" for row in rows)

    click_and_wait(driver, link(driver, "Evaluation extracts"))
    assert h1_text(driver) == "Evaluation extracts"
    check_a11y(driver)
    click_and_wait(driver, link(driver, "Make an extract"))
    today = datetime.date.today()
    after = today.replace(day=28) + datetime.timedelta(days=7)
    type_into(driver, "from", f"{today.year - 1}-{today.month:02d}")
    type_into(driver, "through", f"{after.year}-{after.month:02d}")
    click_and_wait(driver, button(driver, "Make the extract"))
    assert "Enter who the extract is for" in driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    check_a11y(driver)
    type_into(driver, "recipient", "Dr Ada Evans, UCL")
    click_and_wait(driver, button(driver, "Make the extract"))
    assert h1_text(driver) == "Extract made for Dr Ada Evans, UCL"
    assert re.fullmatch(r"[0-9a-f]{64}", driver.find_element(By.ID, "secret").text)
    check_a11y(driver)
    # The one download is a form's POST with its CSRF token (a GET would not spend it).
    form = driver.find_element(By.CSS_SELECTOR, "form[action$='/download']")
    token = form.find_element(By.NAME, "csrf").get_attribute("value")
    request = urllib.request.Request(
        form.get_attribute("action"), data=urllib.parse.urlencode({"csrf": token}).encode(),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    assert rows and all(re.fullmatch(r"[0-9a-f]{32}", row["person_pseudonym"]) for row in rows)
    assert any(row["pathway_point"] == "crown_court" and row["stated_gender"] == "2" for row in rows)
    assert not any(family in value for row in rows for value in row.values())
