"""Everyone's pages in a real browser: the language switch, signing in, the precheck."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assembly.web.locale import LANGUAGE_NAMES
from tests.browser.liveserver import PASSWORD
from tests.browser.portal import (
    exactly,
    fill_rally_at_sary_arka,
    heading,
    main_menu,
    sign_in,
    sign_out,
    switch_language,
    tr,
)

pytestmark = pytest.mark.browser


def test_the_language_switch_turns_the_page_from_russian_to_kazakh_to_english(
    live_server, new_page, journey
):
    steps = journey("language")
    page = new_page(locale="ru-RU")  # the browser asks for Russian
    page.goto(live_server("/procedure?x=1"))
    heading = page.get_by_role("heading", level=1)
    for lang in ("ru", "kk", "en"):
        if lang != "ru":
            switch_language(page, lang)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(heading).to_have_text(
            tr(lang, "How notices of peaceful assemblies are filed and answered"))
        expect(page.get_by_role("button", name=LANGUAGE_NAMES[lang], exact=True)
               ).to_have_attribute("aria-pressed", "true")
        expect(page).to_have_url(live_server("/procedure?x=1"))  # the same page, in lang
        steps.step(page, lang)
    # The choice outlives the page: the next one is in English too.
    main_menu(page, "en").get_by_role("link", name=exactly("Home")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Peaceful assemblies in Almaty")
    steps.step(page, "home-in-en")
    steps.assert_accessible()


def test_a_registered_user_signs_in_and_out_in_kazakh(live_server, new_page, journey):
    user = live_server.create_user("citizen", language="kk")
    steps = journey("sign-in")
    page = new_page(locale="ru-RU")
    page.goto(live_server("/sign-in"))
    steps.step(page, "form-in-ru")
    page.get_by_label(tr("ru", "E-mail")).fill(user.email)
    page.get_by_label(tr("ru", "Password"), exact=True).fill("not the password")
    page.locator("main").get_by_role("button", name=exactly(tr("ru", "Sign in"))).click()
    expect(page.get_by_role("alert")).to_contain_text(
        tr("ru", "The e-mail address or the password is not correct."))
    steps.step(page, "wrong-password")
    sign_in(page, live_server.url, user.email, lang="ru")
    # Signed in, the pages speak the account's language (no switcher choice was made).
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(main_menu(page, "kk").get_by_role("button", name=tr("kk", "Sign out"))).to_be_visible()
    steps.step(page, "signed-in-in-kk")
    sign_out(page, "kk")
    # Signed out, the pages follow the browser again.
    expect(page.get_by_role("status")).to_contain_text(tr("ru", "You have signed out."))
    steps.step(page, "signed-out")
    steps.assert_accessible()


def test_a_visitor_checks_a_late_rally_and_reads_why_it_could_be_refused(
    live_server, new_page, journey, clock_at
):
    clock_at("2021-05-17T10:00:00+06:00")  # three days before the rally: too late
    steps = journey("precheck")
    page = new_page(phone=True)
    page.goto(live_server("/precheck"))
    steps.step(page, "empty")
    page.get_by_role("button", name=exactly("Check")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # app.js takes the reader to the problems
    steps.step(page, "errors")
    fill_rally_at_sary_arka(page)
    page.get_by_role("button", name=exactly("Check")).click()
    result = page.get_by_role("region", name="Result of the check")
    expect(result).to_be_focused()
    expect(result).to_contain_text("Problems found")
    expect(result.locator(".finding-article").first).to_contain_text("14.1.4")
    steps.step(page, "result")
    steps.assert_accessible()



def test_a_visitor_registers_as_a_citizen_on_a_phone_after_correcting_the_password(
    live_server, new_page, journey
):
    steps = journey("register")
    page = new_page(phone=True)
    page.goto(live_server("/"))
    main_menu(page, "en").get_by_role("link", name="Register", exact=True).click()
    expect(heading(page)).to_have_text("Register as a citizen")
    page.get_by_label("E-mail").fill("new.citizen@browser.example.kz")
    page.get_by_label("Full name").fill("Ерлан Сапаров")
    page.get_by_label("Password", exact=True).fill("too short")
    page.get_by_label("Password again").fill("too short")
    steps.step(page, "form")
    page.get_by_role("button", name="Create the account").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("at least 10 characters")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("E-mail")).to_have_value("new.citizen@browser.example.kz")
    steps.step(page, "errors")
    page.get_by_label("Password", exact=True).fill("a much longer password")
    page.get_by_label("Password again").fill("a much longer password")
    page.get_by_role("button", name="Create the account").click()
    # The same answer as for an address that has an account: sign in next.
    expect(page.get_by_role("status")).to_contain_text("your registration has been received")
    expect(heading(page)).to_have_text("Sign in")
    expect(page.get_by_label("E-mail")).to_have_value("new.citizen@browser.example.kz")
    steps.step(page, "registered")
    page.get_by_label("Password", exact=True).fill("a much longer password")
    page.locator("main").get_by_role("button", name=exactly("Sign in")).click()
    expect(page).to_have_url(live_server("/file"))  # "File a notice", its first step
    expect(heading(page)).to_have_text("What kind of assembly")
    steps.step(page, "signed-in")
    steps.assert_accessible()


def test_a_citizen_changes_the_password_after_mistyping_the_current_one(
    live_server, new_page, journey
):
    user = live_server.create_user("citizen", language="en")
    steps = journey("new-password")
    page = new_page()
    sign_in(page, live_server.url, user.email)
    page.goto(live_server("/account"))
    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password", exact=True).fill("an even longer password")
    page.get_by_label("New password again").fill("an even longer password")
    page.get_by_role("button", name="Change the password").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This is not your current password.")
    expect(page.get_by_label("Current password")).to_have_attribute("aria-invalid", "true")
    steps.step(page, "wrong-current")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("an even longer password")
    page.get_by_label("New password again").fill("an even longer password")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password has been changed.")
    expect(heading(page)).to_have_text("My account")
    steps.step(page, "changed")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed out on every device")
    steps.step(page, "signed-out-everywhere")
    steps.assert_accessible()
