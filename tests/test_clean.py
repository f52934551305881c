"""Main-text extraction: the article stays whole, the page around it goes."""
from __future__ import annotations

import pytest

from model.clean import main_text
from scoring.html_text import extract_article
from tests.pages import ARTICLES, REPORT, WRAPPERS, article_parts, clutter_lines, flat, sentences, wrap

PAGES = [(article, wrapper) for article in ARTICLES for wrapper in WRAPPERS]
PAGE_IDS = [f"{a.stem}-{w.stem}" for a, w in PAGES]


def test_fixtures_are_there():
    assert len(ARTICLES) >= 4 and len(WRAPPERS) >= 5


@pytest.mark.parametrize(("article", "wrapper"), PAGES, ids=PAGE_IDS)
def test_cleaned_page_keeps_every_sentence_of_the_article(article, wrapper):
    cleaned = flat(main_text(wrap(article, wrapper)))
    for sentence in sentences(article.read_text(encoding="utf-8")):
        assert sentence in cleaned


@pytest.mark.parametrize(("article", "wrapper"), PAGES, ids=PAGE_IDS)
def test_cleaned_page_drops_the_clutter(article, wrapper):
    cleaned = main_text(wrap(article, wrapper))
    assert flat(cleaned) == flat(article.read_text(encoding="utf-8"))
    kept_lines = {line.strip() for line in cleaned.splitlines()}
    assert not kept_lines & set(clutter_lines(wrapper))


@pytest.mark.parametrize("wrapper", WRAPPERS, ids=[w.stem for w in WRAPPERS])
def test_headlines_about_other_places_do_not_survive(wrapper):
    """The trap: "Most read"/"Related"/ticker lines name other sectors than the article's."""
    page = wrap(ARTICLES[0], wrapper)
    cleaned = main_text(page)
    for place in ("Lyman", "Sevastopol", "Orikhiv", "Siversk", "Chasiv Yar", "Kostiantynivka", "Odesa",
                  "Kramatorsk", "Nikopol", "Belgorod", "Kyiv", "Lviv", "Zaporizhzhia city"):
        if place in page:
            assert place not in cleaned, place


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_clean_article_passes_through_unchanged(article):
    text = article.read_text(encoding="utf-8")
    assert main_text(text) == text.strip()


def test_clean_report_passes_through_unchanged():
    text = REPORT.read_text(encoding="utf-8")
    assert main_text(text) == text.strip()


@pytest.mark.parametrize(("article", "wrapper"), PAGES, ids=PAGE_IDS)
def test_cleaning_is_idempotent(article, wrapper):
    once = main_text(wrap(article, wrapper))
    assert main_text(once) == once


def test_a_paragraph_is_never_dropped_for_a_boilerplate_word():
    text = ("Photo evidence published by the brigade shows two destroyed tanks near Robotyne. The strike also "
            "cut a telephone relay station serving 300 subscribers, the regional administration said.")
    assert main_text(text) == text


def test_a_sentence_broken_over_lines_by_links_is_kept():
    text = ("Russian forces shelled Nikopol overnight.\n\nThe situation in the combat zone in\n\n"
            " Luhansk region \n\nis extremely difficult.\n\nTwo houses were damaged in Marhanets.")
    assert "is extremely difficult." in main_text(text)
    assert "Luhansk region" in main_text(text)


def test_dangling_read_also_is_cut_from_the_paragraph():
    text = "Russian bombs hit Orikhiv. The footage shows only debris remained of the building. Read also:"
    assert main_text(text) == "Russian bombs hit Orikhiv. The footage shows only debris remained of the building."


def test_repeated_title_is_kept_once():
    title = "Russian drones hit Novhorod-Siverskyi, four killed"
    lead = "Russian drones struck the town overnight. Four people were killed and four wounded, officials said."
    assert main_text(f"{title}\n\n{title}\n\n{lead}") == f"{title}\n\n{lead}"


def test_read_also_with_its_own_headline_leaves_the_next_subheading():
    text = ("Active fighting continues on the streets of Vovchansk. The police are evacuating residents.\n"
            "Read also: Two volunteers went missing in Vovchansk, police say\n"
            "Attacks on the Kharkiv region\n"
            "Russian troops tried to break through the border near Vovchansk on Friday. They were stopped.")
    cleaned = main_text(text)
    assert "Read also" not in cleaned and "Attacks on the Kharkiv region" in cleaned


def test_empty_and_bad_input():
    assert main_text("") == "" and main_text("  \n\n ") == ""
    with pytest.raises(TypeError):
        main_text(None)


def _html_page(article):
    title, lead, body = article_parts(article)
    paragraphs = "".join(f"<p>{p}</p>" for p in [lead, *body.split("\n\n")])
    return f"""<html><head><title>{title}</title><script>var ads = 1;</script></head><body>
<div id="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse you agree to our
use of cookies.</p><button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/war">War</a></li><li><a href="/video">Video</a></li>
</ul></nav></header>
<main><article><h1>{title}</h1>
<figure><img src="a.jpg"><figcaption>Soldiers near the front. Photo: Getty Images</figcaption></figure>
{paragraphs}
<div class="share-buttons"><a>Facebook</a><a>Telegram</a></div></article>
<aside class="most-read"><h3>Most read</h3><ul><li><a href="/1">Drones hit an oil depot in Sevastopol overnight</a></li>
<li><a href="/2">Russian troops advance near Lyman and storm Torske</a></li></ul></aside></main>
<footer><p>© 2026 Front Herald. All rights reserved.</p><a href="/privacy">Privacy Policy</a></footer>
</body></html>"""


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_html_page_keeps_the_article_and_drops_the_page(article):
    """As predict.py reads a page: trafilatura's main text, then the model's :func:`main_text`."""
    page = extract_article(_html_page(article))
    cleaned = flat(main_text(page.text))
    assert page.title == article_parts(article)[0]
    _, lead, body = article_parts(article)
    for sentence in sentences(f"{lead}\n{body}"):
        assert sentence in cleaned
    for clutter in ("cookies", "Sevastopol", "Lyman", "Getty", "Facebook", "All rights reserved", "var ads"):
        assert clutter not in cleaned


def test_prose_after_a_read_also_headline_is_kept():
    page = ("Russian troops attacked positions near Pokrovsk 45 times over the past day, the General Staff reported.\n\n"
            "Read also\nZelensky meets Trump in Washington\n\n"
            "According to the General Staff, the heaviest fighting over the past day took place in the following "
            "directions, where Ukrainian defenders repelled most of the Russian assaults:\n"
            "Pokrovsk direction: 45 attacks\nKostiantynivka direction: 12 attacks")
    cleaned = main_text(page)
    assert "Zelensky meets Trump" not in cleaned
    assert "following directions" in cleaned and "Kostiantynivka direction: 12 attacks" in cleaned


def test_a_comment_counter_above_the_article_keeps_the_article():
    page = ("Russian strike on Odesa kills 16\n14 comments\nShare | 2h ago\n\n"
            "Russian forces struck Odesa with ballistic missiles on March 15, killing 16 people and injuring 73, "
            "Odesa Oblast Governor Oleh Kiper reported.\n\n"
            "Rescue work continued throughout the day, and the city declared a day of mourning.")
    cleaned = main_text(page)
    assert "killing 16 people" in cleaned and "day of mourning" in cleaned


@pytest.mark.parametrize("report", [
    "Russian troops attacked northern districts of Kupiansk, and 11 attacks were repelled near "
    "Kupiansk-Vuzlovyi and Petropavlivka. Two civilians were injured in Kupiansk by a drone.",
    "Russian forces attacked Pokrovsk 52 times on Monday.",  # one short sentence: the line is no prose
])
@pytest.mark.parametrize("notice", ["© Ukrinform 2025", "Subscribe to our Telegram channel."])
def test_a_notice_in_a_report_s_only_paragraph_takes_only_its_sentence(report, notice):
    assert main_text(f"{report} {notice}") == report


def test_a_bracketed_credit_goes_and_its_sentence_stays():
    assert main_text("Russian forces launched 12 assaults near Siversk on Monday (photo © Reuters). Two soldiers "
                     "were wounded, the brigade said.") == ("Russian forces launched 12 assaults near Siversk on "
                                                            "Monday. Two soldiers were wounded, the brigade said.")


def test_a_live_blog_under_a_live_updates_heading_is_the_article():
    entries = ["14:05 Russian shelling of Kherson killed three people and injured nine in the Korabelnyi district, "
               "governor Oleksandr Prokudin said.",
               "12:15 Ukraine's General Staff said Russian forces attacked 38 times in the Pokrovsk direction since "
               "the start of the day, near Rodynske and Myrnohrad."]
    for intro in ("", "Welcome to our live coverage of Russia's war in Ukraine.\n\n"):
        cleaned = main_text(f"Russia-Ukraine war: live updates, 14 November\n\n{intro}Live updates\n\n" + "\n\n".join(entries))
        assert all(entry in cleaned for entry in entries)
    assert main_text("Live updates\n\n14:20 Subscribe to our Telegram channel for the latest news.\n\n"
                     + "\n\n".join(entries + entries)).count("14:05") == 1  # no notice, no repeat
    assert main_text("Menu\nNews\nPolitics\nSport\n\nRead more:\nZelensky meets Trump in Washington to discuss a peace "
                     "plan…\nRussia strikes Kyiv with 400 drones, killing 5 people…") == ""  # other stories: no blog
    feed = main_text("Ukraine wins the vote on a new aid package, officials said on Tuesday evening in Brussels.\n\n"
                     "Latest news\n" + "\n".join(entries))
    assert not any(entry in feed for entry in entries)  # after an article, the same list is a sidebar


def test_comments_under_their_commenters_and_timestamps_go():
    article = ("EU governments agreed on Thursday a 19th package of sanctions against Russia over its war in "
               "Ukraine, including a ban on imports of Russian liquefied natural gas from January 2027.")
    page = (f"{article}\n\nComments (2)\n\nVolodymyr_K • 2 hours ago\nSanctions are nice but meanwhile the orcs "
            "attacked Pokrovsk 60 times yesterday and killed 7 civilians.\n\nBrian1967 • 1 hour ago\nAgreed. And "
            "Kupiansk is being shelled non-stop, 12 wounded this week.\n\n"
            "Updated at 09:12 BST\njimbob42 · 35m ago: Meanwhile Russia lost another 1,200 soldiers near Pokrovsk.")
    assert main_text(page) == article


def test_headlines_run_together_by_a_dangling_word_are_still_list_items():
    article = ("Russian troops attacked Ukrainian positions near Pokrovsk 45 times over the past day, the General "
               "Staff reported on Monday evening.")
    headlines = ["Russia attacks Zaporizhzhia: buildings damaged, people may be under the rubble, the regional governor said on",
                 "Russian forces capture the strategic town of Siversk after weeks of fighting, the Russian defence ministry said in",
                 "Guided bombs on Kramatorsk destroy a school and two houses; the number of injured has risen to",
                 "Kupiansk evacuation: thousands ordered to leave as Russian forces press on the city from the north and"]
    for bullet in ("", "- "):
        page = f"{article}\n\nMore news\n" + "\n".join(bullet + h for h in headlines)
        assert main_text(page) == article


def test_a_hard_wrapped_article_after_a_headline_list_keeps_its_lines():
    lines = ["Russian forces launched 12 assaults near Siversk on Monday and tried",
             "to advance toward Bilohorivka and Verkhnokamianske, but were repelled",
             "with losses, the spokesman of the brigade said on television on",
             "Monday evening, adding that the enemy had brought up fresh reserves",
             "and armour and was shelling the town and the villages around it near",
             "Siversk and Bilohorivka every day."]
    cleaned = main_text("Read also:\nRussians strike Kharkiv again\nZelensky meets Trump in Paris\n\n" + "\n".join(lines))
    assert " ".join(cleaned.split()).startswith(" ".join(lines[:5]))


def test_comments_with_reply_lines_go_without_their_heading():
    article = ("Russian forces struck Odesa with ballistic missiles on March 15, killing 16 people and injuring 73, "
               "Odesa Oblast Governor Oleh Kiper reported on Telegram.")
    page = (f"{article}\n\nMore news\nTrump and Putin meet in Alaska without a deal on Ukraine, officials say and\n\n"
            "Comments (14)\nThis is terrible. Slava Ukraini!\nReply · Like · 2h\nWhen will this end?\nReply · Like · 1h")
    assert main_text(page) == article


@pytest.mark.parametrize("ending", ["the spokesman said on", "the spokesman added,"])
def test_a_heading_after_an_article_cut_off_mid_sentence_is_still_a_heading(ending):
    article = ("Russian forces attacked Ukrainian positions near Kostiantynivka 23 times over the past day, "
               f"and the fighting continues in the city itself, {ending}")
    page = (f"{article}\nRead also\n- Massive drone attack on Odesa port: fire at a grain terminal\n"
            "- Kramatorsk hit by two missiles, dozens of buildings damaged\n"
            "- Crimean bridge closed after explosions in Kerch\nTags: war, front line, Siversk, Lyman")
    assert main_text(page) == article


ODESA = "Russian forces struck Odesa with ballistic missiles, killing 16 people, the governor said."


def test_a_reply_line_under_the_article_s_only_sentence_leaves_the_sentence():
    assert main_text(f"{ODESA}\nReply · Like · 2h") == ODESA


def test_comments_with_their_commenters_names_and_lone_reply_lines_go():
    assert main_text(f"{ODESA}\n\nOlena K\nThis is terrible.\nReply · Like · 2h\nIvan\nSlava Ukraini!\nReply · Like · 1h") == ODESA
    disqus = (f"{ODESA}\n\nComments\nAndriy Kovalenko\n25.10.25 13:05\nAgain the same Molniya. When will we learn to "
              "shoot them down?\nReply\nOlga Shevchenko\n4 days ago\nThank God the children are alive. Kharkiv holds!\nReply")
    assert main_text(disqus) == ODESA


def test_a_masthead_keeps_the_title_and_drops_the_rest():
    title = "Russia says it controls Maryinka in east Ukraine, Kyiv denies the claim"
    page = (f"Reuters\nWorld\nSustainability\nLegal\n{title}\nBy Reuters\nPublished March 5, 2025 11:20AM (EST)\n"
            "MOSCOW/KYIV (Reuters) - Russia said on Sunday that its forces have gained full control of Maryinka in "
            "Ukraine's east, but Kyiv's military denied the claim.")
    cleaned = main_text(page)
    assert cleaned.splitlines()[0] == title
    assert "Sustainability" not in cleaned and "By Reuters" not in cleaned


def test_an_article_s_own_bulleted_list_under_a_lead_in_is_kept():
    items = ["• Allow Russia control over territories it currently holds in Ukraine",
             "• Require Ukraine to withdraw from certain areas", "• Limit the size of Ukraine's military",
             "• Block Ukraine from joining NATO"]
    text = ("The plan, developed by Steve Witkoff, has been criticized as favoring Russia, including provisions that would:\n"
            + "\n".join(items) + "\nTrump, who had set a Thursday deadline for Ukraine to agree to the plan, said he might be flexible.")
    assert main_text(text) == text


def test_a_paragraph_cut_off_before_a_paywall_notice_is_kept():
    paragraph = ("US officials estimate that Russia has deployed at least three battalions in the fight for Avdiivka, "
                 "which started on October 9 and comes at a crucial moment as both sides seek to seize the")
    assert main_text(f"{paragraph}\nSubscribe to unlock this article\nTry unlimited access").startswith(paragraph)


@pytest.mark.parametrize("lines", [
    ["Russian troops attacked 45 times near Pokrovsk over the past day, and according to the",
     "Latest figures from the General Staff, 12 of the assaults came near Myrnohrad and Udachne.",
     "The fighting continues."],
    ["Russian forces launched 12 assaults near Siversk on Monday and tried to advance toward the",
     "General Staff's positions near Bilohorivka and Verkhnokamianske, but were repelled with heavy losses by",
     "the defenders of the 81st brigade, whose spokesman said on television on Monday evening that the",
     "Russian command keeps sending small infantry groups forward under cover of drones and artillery fire"],
])
def test_a_hard_wrapped_paragraph_is_not_read_as_headings_or_headlines(lines):
    cleaned = main_text("Read also\nZelensky meets Trump in Paris\n\n" + "\n".join(lines))
    assert " ".join(cleaned.split()) == " ".join(" ".join(lines).split())


def test_a_question_headline_does_not_end_a_list_of_other_stories():
    page = (f"{ODESA}\nMost read\n1.\nRussians storm Kupiansk from three directions\n2.\nWhy did Russia move its Black "
            "Sea Fleet out of Sevastopol?\n3.\nDrones hit oil depot in Novorossiysk\n4.\nExplosions in Odesa: ten Shaheds shot down")
    assert main_text(page) == ODESA


def test_captions_and_embedded_posts_go_whatever_their_length():
    last = "Rescuers worked at the scene until morning, the State Emergency Service said."
    page = (f"{ODESA}\n[1/2]Ukrainian servicemen fire a howitzer near Marinka, Ukraine, December 10, 2023. REUTERS/Alina Smutko\n"
            "Item 1 of 2 Ukrainian servicemen of the 79th Separate Air Assault Brigade fire a howitzer towards Russian troops "
            "near the front line town of Marinka, in Donetsk region, Ukraine December 10, 2023. REUTERS/Alina Smutko\n"
            "Media caption, Watch: Drone footage shows destruction in Vuhledar\n"
            "— Hanna Maliar (@HannaMaliar) August 16, 2023\npic.twitter.com/XxA1bC2dEf\n"
            "A Reuters/Ipsos poll found that most Ukrainians reject territorial concessions, REUTERS reported.\n" + last)
    assert main_text(page).splitlines() == [ODESA, "A Reuters/Ipsos poll found that most Ukrainians reject territorial "
                                            "concessions, REUTERS reported.", last]
    report = ("Kyiv's armed forces rejected as disinformation Russia's claim that its troops crossed into Dnipropetrovsk "
              "region. Ukraine has denied the presence of Russian forces in the region (AFP/Representational)")
    assert main_text(report) == report  # a paragraph ending in a credit is no caption


@pytest.mark.parametrize("notice", [
    "We and our 842 partners use tracking technologies to store and access information on your device.",
    "The comments below have not been moderated.",
    "The views expressed in commentaries do not necessarily reflect the views of RFE/RL.",
    "Journalists fight on their own frontline. Support Ukrainska Pravda or become our patron!",
])
def test_notices_of_consent_moderation_and_support_go(notice):
    assert main_text(f"{ODESA}\n\n{notice}") == ODESA


def test_a_last_paragraph_cut_off_before_the_footer_stays():
    cut = "The ISW said that attacking Ocheretyne was part of Russia's operational-level goal of reaching the borders of Donetsk Obl"
    page = f"{ODESA}\n{cut}\nShare this:\nLike this:\nLike Loading..."
    assert main_text(page) == f"{ODESA}\n{cut}"


def test_a_digest_s_table_of_figures_is_the_article_not_a_menu():
    """A General Staff digest laid out as "direction — attacks — villages" rows was dropped whole as
    a run of short lines (its sectors were lost); a menu of short lines still goes."""
    rows = ["Kupiansk — 8 — Kupiansk, Petropavlivka, Kindrashivka",
            "Lyman — 19 — Shandryholove, Derylove, Torske, Zarichne",
            "Pokrovsk — 46 — Rodynske, Myrnohrad, Pokrovsk, Udachne",
            "Orikhiv — 5 — Stepnohirsk, Prymorske, Plavni"]
    page = "\n\n".join(["Home", "News", "War", "Opinion", "BY DIRECTION (direction — attacks — areas named)"] + rows
                       + ["Source: General Staff of the Armed Forces of Ukraine."])
    kept = main_text(page).splitlines()
    assert all(row in kept for row in rows) and not {"Home", "News", "War", "Opinion"} & set(kept)
    scores = ["Sport", "Football", "Dynamo Kyiv — 2 — 1 Shakhtar", "Zorya Luhansk — 0 — 3 Kryvbas", "Boxing"]
    footer = "\n\n".join(["A Russian drone struck a car in Kherson, injuring two people, the regional governor said."] + scores)
    assert main_text(footer).splitlines() == [footer.splitlines()[0]]  # scores are no figures of the article
    # the same figures as a pipe table keep its header, rules and rows (its shorter rows had been
    # dropped as breadcrumbs, the rest as a menu); a menu of pipes still goes
    table = ["Direction | Combat clashes | Areas of enemy activity", "-----------------------------",
             "Kupiansk | 2 | Petropavlivka", "Lyman | 12 | Zarichne, Yampil, Drobysheve",
             "Pokrovsk | 29 | Bilytske, Rodynske, Hryshyne", "Orikhiv | 4 | Stepnohirsk"]
    piped = "\n".join(["Home | News | War | Opinion", "Combat clashes by direction, 16 April 2026:"] + table
                       + ["Source: General Staff of the Armed Forces of Ukraine."])
    kept = main_text(piped).splitlines()
    assert all(line in kept for line in table) and "Home | News | War | Opinion" not in kept
    # a header ending like a broken sentence ("… in the area of") is not joined to the rule and rows under it
    ascii_table = ["Direction      | Attacks repelled | Near / in the area of", "---------------+------------------+---------",
                   "Kupiansk       | 2                | Hrianykivka", "Lyman          | 9                | Nevske, Dibrova",
                   "Bakhmut        | 31               | Paraskoviivka, Krasna Hora"]
    kept = main_text("\n".join(["Below is our summary of the General Staff data, grouped by direction.", ""] + ascii_table)).splitlines()
    assert all(row in kept for row in ascii_table)
    from model.clean import _units, is_attacks_header

    assert not is_attacks_header("Attack type | Airstrikes |")  # an infobox's field
    assert len(_units(["The figures for the day in the area of", "Lyman | 9 | Nevske", "Pokrovsk | 40 | Myrnohrad"])) == 3
    assert len(_units(["Lyman | 9 | Nevske,", "Pokrovsk | 40 | Myrnohrad,", "Source: the General Staff."])) == 3
    assert len(_units(["The figures for the day in the area of", "---------+---------", "Lyman | 9 | Nevske"])) == 3
    # a table of anything but attacks (populations, scores) stays clutter
    for header in ("Town | Population | Direction", "Team | P | Pts"):
        other = piped.replace(table[0], header).replace("Combat clashes by direction", "Towns by size")
        assert not any(line in main_text(other).splitlines() for line in table[3:])  # (the first row, joined to the rule, stays as before)
