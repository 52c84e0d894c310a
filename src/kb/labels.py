"""Every Swedish word a person reads that the code writes: types, fields, values, reasons, notes, messages.

One definition per word, so the fact box, the indexed facts, the match reasons and the
pages never disagree. The templates hold only their own page prose. Keys are the plain
values the core uses (entry types, field names, mode names), so this module imports nothing.
"""

from collections.abc import Sequence
from typing import NamedTuple

TYPE_LABELS = {
    "case": "Berättelse", "report": "Rapport", "program": "Program", "course": "Utbildning",
    "expert": "Expert", "organization": "Organisation", "company": "Företag", "event": "Evenemang",
}
TYPE_PLURALS = {
    "case": "Berättelser", "report": "Rapporter", "program": "Program", "course": "Utbildningar",
    "expert": "Experter", "organization": "Organisationer", "company": "Företag", "event": "Evenemang",
}

# Front-matter fields as a reader sees them: in an entry's fact box and in the facts its head chunk embeds.
FIELD_LABELS = {
    "regions": "Region", "municipalities": "Kommun", "topics": "Ämnen", "organizations": "Organisationer",
    "published": "Publicerad", "updated": "Uppdaterad", "language": "Språk",
    "companies": "Företag", "programs": "Program", "hashtags": "Hashtaggar", "image": "Bild",
    "authors": "Författare", "year": "År", "publisher": "Utgivare", "pages": "Sidor",
    "provider": "Anordnare", "format": "Upplägg", "cost": "Kostnad", "eligibility": "Vem kan delta",
    "duration": "Längd", "status": "Status", "audience": "Målgrupp",
    "form": "Utbildningsform", "location": "Ort", "pace": "Studietakt", "credits": "Poäng",
    "places": "Platser", "start": "Start", "distance": "Distans",
    "expertise": "Kompetens", "organization": "Organisation", "languages": "Språk", "availability": "Tillgänglighet",
    "kind": "Typ av organisation", "website": "Webbplats",
    "sector": "Bransch", "employees": "Anställda", "offers": "Erbjuder", "needs": "Behöver",
    "suppliers": "Leverantörer", "customers": "Kunder", "wants": "Söker",
    "starts": "Börjar", "ends": "Slutar", "organizer": "Arrangör",
}
VALUE_LABELS = {
    "status": {"active": "Öppet", "closed": "Avslutat"},
    "language": {"sv": "Svenska", "en": "Engelska"},
    "wants": {"lia": "LIA-studerande", "exjobb": "Exjobb", "studiebesök": "Studiebesök", "branschråd": "Branschråd",
              "samarbete": "Samarbete med skolor"},
}
YES, NO = "Ja", "Nej"

MODE_LABELS = {"hybrid": "Blandad (rekommenderas)", "semantic": "Efter betydelse", "keyword": "Exakta ord"}
# Search filters by their key in the core: the legend above each group of checkboxes.
FACET_LEGENDS = {"type": "Typ", "region": "Region", "municipality": "Kommun", "topic": "Ämne"}

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
AT_CLOCK = "kl."

# --- why a search result matched -------------------------------------------

MATCHED_IN = {"title": "titeln", "topics": "ämnena", "body": "texten"}
SIMILAR_TO_QUERY = "Liknar din fråga i betydelse"


def matched_in(field: str, words: Sequence[str]) -> str:
    return f"Träff i {MATCHED_IN[field]}: {', '.join(words)}"


NO_RESULTS = "Inga träffar — prova ett bredare ord."

# --- why a match fits --------------------------------------------------------

WANT_REASONS = {
    "lia": "Vill ta emot LIA-studerande",
    "exjobb": "Vill ta emot exjobb",
    "studiebesök": "Tar emot studiebesök",
    "branschråd": "Vill sitta i branschråd",
    "samarbete": "Söker samarbete med skolor",
}
DISTANCE_COURSE = "Går på distans – passar var ni än finns"
AUDIENCE_SME = "Riktar sig till små och medelstora företag"
AUDIENCE_LARGE = "Riktar sig till större företag"
AUDIENCE_FITS = "Passar företag av er storlek"
SIMILAR_TO_DESCRIPTION = "Liknar er beskrivning i betydelse"


def same_municipality(municipality: str) -> str:
    return f"Finns i {municipality}, samma kommun som ni"


def same_region(region: str) -> str:
    return f"Ligger i {region}, samma region som ni"


def swedish_list(words: Sequence[str]) -> str:
    """'a', 'a och b', 'a, b och c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def about(topics: Sequence[str]) -> str:
    return "Handlar om " + swedish_list(topics)


def mentions(words: Sequence[str]) -> str:
    return "Nämner " + swedish_list(words)


def short_group(entry_type: str, found: int) -> str:
    """Why a match group holds fewer entries than asked for."""
    names = TYPE_PLURALS[entry_type].lower()
    if found == 0:
        return f"Inga {names} passar tillräckligt bra."
    return f"Bara {found} {names} passar tillräckligt bra; vi fyller inte på med sämre träffar."


# --- copy-ready story text ---------------------------------------------------

READ_MORE = "Läs mer"

# --- the pages' own messages -------------------------------------------------


class PageText(NamedTuple):
    title: str
    message: str


PAGE_NOT_FOUND = PageText(
    "Sidan finns inte", "Vi hittar ingen sida eller post på den adressen. Den kan ha tagits bort eller bytt namn."
)
PAGE_BAD_ADDRESS = PageText(
    "Vi förstod inte adressen", "Adressen innehåller ett värde som vi inte känner igen. Börja om från startsidan."
)
PAGE_UNAVAILABLE = PageText(
    "Kunskapsbanken är inte tillgänglig just nu", "Sökningen går inte att använda för tillfället. Försök igen om en stund."
)
PAGE_FAILED = PageText(
    "Något gick fel", "Ett oväntat fel inträffade hos oss. Försök igen, eller börja om från startsidan."
)
SEARCH_FAILED = "Sökningen gick inte att göra. Prova med andra ord."
MATCH_FAILED = "Vi kunde inte tolka beskrivningen. Prova att skriva den med andra ord."
MATCH_EMPTY = {
    "skola": "Skriv några meningar om er skola och vad ni söker, så letar vi fram partner.",
    "foretag": "Skriv några meningar om ert företag och vad ni behöver, så letar vi fram stöd som passar.",
}


def query_too_long(limit: int) -> str:
    return f"Sökfrågan är för lång: högst {limit} tecken."


def description_too_long(limit: int) -> str:
    return f"Beskrivningen är för lång: högst {limit} tecken."


# --- the company network (kb.network, the page Nätverk) ------------------------


def percent(share: float) -> str:
    """0.55 → '55 %', 0.333 → '33 %', 0.005 → '0,5 %' (Swedish decimal comma)."""
    value = share * 100
    text = f"{value:.0f}" if value >= 1 or value == 0 else f"{value:.1f}".replace(".", ",")
    return f"{text} %"


def decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


EXPOSURE_LABELS = {"high": "Hög", "medium": "Medel", "low": "Låg"}
NODE_KIND_LABELS = {"company": "Företag", "entry": "Post", "actor": "Aktör utanför kunskapsbanken", "group": "Grupp"}
HUB_ROLE_LABELS = {"supplier": "Leverantör", "customer": "Kund"}
OPPORTUNITY_LABELS = {"shared-need": "Gemensamt behov", "need-offer": "Behov möter erbjudande", "support": "Stöd som finns"}
ABROAD = "utomlands"
FROM_TEXT = "ur texten"


def largest_customer(share: float, name: str) -> str:
    return f"En kund står för ca {percent(share)} av försäljningen ({name})"


def biggest_customer(share: float, name: str) -> str:
    return f"Största kunden står för ca {percent(share)} av försäljningen ({name})"


def concentrated(hhi: float) -> str:
    return f"Försäljningen är koncentrerad till få kunder (HHI {decimal(hhi)})"


def sole_supplier(name: str, supplies: str | None, abroad_in: str | None, abroad: bool) -> str:
    what = f"En enda leverantör av {supplies}" if supplies else "En enda leverantör"
    where = f", {ABROAD}" if abroad else ""
    place = f", {abroad_in}" if abroad and abroad_in else ""
    return f"{what}{where} ({name}{place})"


def shares_supplier(count: int) -> str:
    return f"Delar leverantör med {count} {'annat företag' if count == 1 else 'andra företag'} i regionen"


def shares_customer(count: int) -> str:
    return f"Delar kund med {count} {'annat företag' if count == 1 else 'andra företag'} i regionen"


def shares_over_hundred(total: float) -> str:
    return f"Kundernas andelar summerar till {percent(total)}, mer än hela försäljningen: kontrollera uppgifterna"


NO_PROGRAM = "Har inte deltagit i något program"


def took_part(count: int) -> str:
    return f"Har deltagit i {count} program"


NO_CUSTOMERS = "Inga kunder angivna: vi vet inte hur beroende företaget är av enskilda kunder"
NO_CUSTOMER_SHARES = "Okänt hur stor del av försäljningen varje kund står för"
SOME_CUSTOMER_SHARES = "Andelen är känd bara för en del av kunderna"
NO_SUPPLIERS = "Inga leverantörer angivna"


def claims_differ(shares: list[str]) -> str:
    return "Uppgifterna skiljer sig: " + " och ".join(shares)


def loses_customer(share: float | None, only: bool, name: str) -> str:
    if only:
        return f"Förlorar sin enda kund, {name}" + (f" (ca {percent(share)} av försäljningen)" if share else "")
    if share is not None:
        return f"Förlorar ca {percent(share)} av försäljningen"
    return f"Förlorar kunden {name}; hur stor del av försäljningen är okänt"


def loses_supplier(only: bool, supplies: str | None, alternatives: int) -> str:
    what = f" av {supplies}" if supplies else ""
    text = f"Förlorar sin enda leverantör{what}" if only else f"Förlorar en leverantör{what}; har andra"
    if alternatives:
        text += f" – {alternatives} {'annan leverantör' if alternatives == 1 else 'andra leverantörer'} i nätverket levererar samma"
    return text


def impact_summary(name: str, affected: int) -> str:
    if not affected:
        return f"Inga företag i nätverket är beroende av {name}."
    return f"Om {name} slutar leverera eller köpa påverkas {affected} företag."


def cluster_label(topics: Sequence[str], central: str | None) -> str:
    around = f"kring {central}" if central else ""
    if topics:
        head = swedish_list([topics[0].capitalize(), *topics[1:]])
        return f"{head} · {around}" if around else head
    return (around[0].upper() + around[1:]) if around else "Sammanhängande företag"


JOINT_ACTIONS = {"recruit": "gemensam rekrytering", "train": "gemensam utbildning", "invest": "gemensam investering eller förstudie"}


def shared_need(count: int, need: str, action: str) -> str:
    return f"{count} företag behöver samma sak: ”{need}” – underlag för en {JOINT_ACTIONS[action]}"


def need_meets_offer(needer: str, need: str, offerer: str, offer: str) -> str:
    return f"{needer} behöver ”{need}”, och {offerer} erbjuder ”{offer}”"


def support_for(weakness: str) -> str:
    return f"Svarar mot: {weakness.rstrip('.')}"


# What an exposed company's weakness asks of the support system, as a match description.
SUPPORT_ASKS = {
    "customer": "Vi behöver fler kunder och nya marknader, sälj- och marknadsutveckling: {reason}.",
    "supplier": "Vi behöver fler leverantörer, en säkrare försörjningskedja och inköp: {reason}.",
    "shared": "Vi vill samarbeta med andra företag som delar leverantörer och kunder med oss.",
}
NETWORK_EMPTY = "Det finns inga företag i kunskapsbanken som matchar urvalet."
NETWORK_TOO_BIG = "Nätverket är för stort för att visa på en gång. Välj ett kluster eller ett företag för att se dess grannar."


def drawn_part(shown: int, total: int) -> str:
    return f"Bilden visar {shown} av {total} företag."
HUB_MARK = "nav: flera företag är beroende av den"
