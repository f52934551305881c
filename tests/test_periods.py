"""How many days a count spans (model/periods.py), and a weekly digest's counts read as a day's."""
import pytest

from model.periods import lead_days, per_day, stated_days
from model.sector_levels import sector_count_ceilings, sector_count_levels


@pytest.mark.parametrize("sentence, days", [
    ("In the Lyman direction, over the past day, the enemy attacked 17 times.", 1),
    ("Pokrovsk remained the hottest direction, with 362 Russian assaults over seven days.", 7),
    ("On Saturday alone, Ukrainian units repelled 34 assaults near Yarova.", 1),
    ("Over Friday, Saturday and Sunday, the General Staff recorded 81 attacks in the Lyman direction.", 3),
    ("The General Staff reported 27 attacks in the Sloviansk direction over the weekend.", 2),
    ("Six attacks in three days near Bila Hora, all repelled.", 3),
    ("1,296 combat engagements were recorded between 10 and 16 November.", 7),
    ("In October, Russian forces launched 2,000 attacks near Pokrovsk.", 30),
    ("Russian attacks in the Kupiansk direction fell to 41.", None),
    ("Russian forces attacked near Kupiansk 30 times on June 10 and 11.", None),  # an assessment's day, as ISW dates it
    ("On October 5 the enemy attacked 30 times near Kupiansk.", None),  # a date, not a month
    # the story's days, not the count's span
    ("Russian forces launched 30 attacks near Pokrovsk on Tuesday, the General Staff said on Wednesday.", 1),
    ("Russia violated the 30-day ceasefire with 40 attacks near Pokrovsk, Zelensky said.", None),
    ("The enemy attacked 30 times near Pokrovsk, the most since the offensive began in February.", None),
    ("Over the past week, the enemy averaged 50 attacks per day in the Pokrovsk direction.", 1),  # a daily rate
    ("In the Huliaipole direction alone, 133 attacks were recorded over the past week.", 7),
    ("Overnight on August 13-14, drones struck the bridge; the enemy attacked 9 times.", None),  # one night
    ("From Friday to Sunday, 81 attacks were repelled near Lyman.", 3),
    ("Over the weekend, 27 attacks; over the past day alone, 12.", 2),  # the first period stated decides
])
def test_a_sentence_states_the_days_its_counts_span(sentence, days):
    assert stated_days(sentence) == days


def test_a_texts_lead_sets_the_days_of_sentences_that_state_none():
    assert lead_days("Weekly front review, 10-16 November\n\nRussian attacks fell to 41.") == 7
    assert lead_days("Three-day digest, 9-11 October 2026\n\nThe enemy attacked 30 times.") == 3
    # a daily report: its lead says one day, or nothing; the first period stated decides
    assert lead_days("Over the past 24 hours, 184 combat engagements took place. This week ...") == 1
    assert lead_days("General Staff: 163 clashes over the day.\n\nIn the Lyman direction ...") == 1
    assert lead_days("Home | News | Weekly | Opinion\n\nIn the Lyman direction, the enemy attacked 17 times.") == 1
    assert lead_days("Sign up for our weekly newsletter.\n\nIn the Lyman direction, the enemy attacked 17 times.") == 1
    # a range of days in a paragraph of the lead is its story's ("failed attacks March 8-10"), in a title the text's
    story = "Russian forces resumed offensive operations on March 11 after failed attacks March 8-10. " * 2
    assert lead_days(story + "\n\nRussian forces conducted 30 ground attacks near Bakhmut.") == 1
    assert lead_days("Front review, 10-16 November\n\n" + story) == 7
    assert lead_days("x" * 600 + "\nWeekly front review, 10-16 November") == 1  # past the lead
    assert lead_days("Over the past 0 days, 30 attacks near Pokrovsk.") == 1  # no span of no days (it divided by zero)
    assert lead_days("Home | News | War | Opinion | Video\n" * 8 + "Weekly front review, 10-16 November") == 7  # under a masthead


def test_a_day_is_the_count_over_its_days_rounded_and_never_none():
    assert [per_day(362, 7), per_day(133, 7), per_day(81, 3), per_day(2, 7), per_day(0, 7), per_day(30, 1)] == [52, 19, 27, 1, 0, 30]


def test_a_weekly_digests_counts_are_a_days_for_the_thresholds():
    """LABELS.md counts attacks per day: 133 attacks in a week (19 a day) are ``moderate``, not ``high``;
    362 (52 a day) stay ``high``; 16 in a week (2 a day) are ``low``."""
    digest = ("Weekly front review, 10-16 November\n\n"
              "In the Pokrovsk direction, Russian troops made 362 attacks near Rodynske.\n\n"
              "In the Huliaipole direction, the enemy attacked 133 times near Zaliznychne.\n\n"
              "In the Orikhiv direction, 16 attacks were recorded near Stepnohirsk.")
    assert sector_count_levels(digest, "2025-11-17") == {"pokrovsk": 3, "huliaipole": 2}
    assert sector_count_ceilings(digest, "2025-11-17") == {"huliaipole": 2, "orikhiv": 1}
    daily = digest.replace("Weekly front review, 10-16 November", "Evening update")
    assert sector_count_levels(daily, "2025-11-17") == {"pokrovsk": 3, "huliaipole": 3, "orikhiv": 2}
