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

# How a tag or word is written for people: acronyms in capitals, compound tags spelt out.
TAG_DISPLAY = {
    "lia": "LIA", "yh": "YH", "cnc": "CNC", "iws": "IWS", "iwe": "IWE", "opc-ua": "OPC UA", "opc": "OPC",
    "ua": "UA", "ai": "AI", "vr-ar": "VR/AR", "vr": "VR", "ar": "AR", "plc": "PLC", "hmi": "HMI", "iso": "ISO",
    "iec": "IEC", "sme": "SME", "ot": "OT", "it": "IT", "iot": "IoT", "cad": "CAD", "cam": "CAM", "hr": "HR",
    "eu": "EU", "wps": "WPS", "scada": "SCADA", "mes": "MES", "erp": "ERP", "esg": "ESG",
}


def tag(value: str) -> str:
    """'lia' -> 'LIA', 'opc-ua' -> 'OPC UA', 'vr-ar' -> 'VR/AR'; any other word as it is."""
    return TAG_DISPLAY.get(value.lower(), value)


# --- why a search result matched -------------------------------------------

MATCHED_IN = {"title": "titeln", "topics": "ämnena", "body": "texten"}
SIMILAR_TO_QUERY = "Liknar din fråga i betydelse"


def matched_in(field: str, words: Sequence[str]) -> str:
    return f"Träff i {MATCHED_IN[field]}: {', '.join(tag(w) for w in words)}"


NO_RESULTS = "Inga träffar — prova ett bredare ord."
# What the empty search page suggests trying: topics the knowledge base is about.
SEARCH_SUGGESTIONS = ("svetsning", "robotar", "digitalisering", "kompetensförsörjning", "cybersäkerhet", "LIA")
WITHOUT_PLACE = "sök utan platsen"
INTENT_CHIPS = {
    "lia": "LIA-platser", "exjobb": "exjobb", "studiebesök": "studiebesök", "branschråd": "branschråd",
    "samarbete": "samarbete", "gästföreläsning": "gästföreläsningar",
}


def place_chip(name: str) -> str:
    return f"Plats: {name}"


def intent_chip(intent: str) -> str:
    return f"Söker: {INTENT_CHIPS.get(intent, intent)}"


def also_swedish(words: Sequence[str]) -> str:
    return "Söker också på: " + ", ".join(words)

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
    return "Handlar om " + swedish_list([tag(t) for t in topics])


def takes_up(words: Sequence[str]) -> str:
    return "Tar upp " + swedish_list([tag(w) for w in words])


CLOSED_PROGRAM = "passar, men programmet är avslutat"


def program_elsewhere(regions: Sequence[str], region: str) -> str:
    return f"finns i {swedish_list(list(regions))}, men inte för {region}"


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

# --- places a match request gives --------------------------------------------

PLACE_KINDS = {"municipality": "kommunen", "region": "regionen"}


def place_read_as(given: str, name: str) -> str:
    return f"Vi tolkar ”{given}” som {name}."


def place_unknown(given: str, kind: str) -> str:
    return f"Vi känner inte igen {PLACE_KINDS[kind]} ”{given}” och bortser från den."


def place_kind(name: str, kind: str) -> str:
    return f"{name} är {'en kommun' if kind == 'municipality' else 'en region'}, och vi läser den så."


def place_mismatch(municipality: str, home: str, given: str) -> str:
    return f"{municipality} ligger i {home}, inte i {given}: vi utgår från {home}."


def outside_program(region: str) -> str:
    return (
        f"{region} ligger utanför Dalarna, Gävleborg och Värmland: programmen för de tre regionerna gäller inte där, "
        "men experter, utbildningar och nationella stöd kan passa."
    )


# --- problems in content files, for the people who wrote them ----------------
# Key for key the codes of kb.content.problems.MESSAGES (there in English); each says what to write instead.

PROBLEM_MESSAGES = {
    "file_unreadable": "Filen går inte att läsa: {detail}. Kontrollera att den inte är låst eller skyddad.",
    "file_too_large": "Filen är {size} byte; gränsen är {limit} byte. Dela upp texten i flera filer.",
    "file_empty": "Filen är tom. Skriv ett huvud med 'type:' och 'title:' mellan två rader '---', eller ta bort filen.",
    "file_binary": "Det här är ingen textfil (kanske en bild eller ett Word-dokument). Spara texten som Markdown (.md).",
    "not_utf8": "Filen är inte sparad som UTF-8 (byte 0x{byte:02x}). Spara den som UTF-8 i textredigeraren.",
    "no_front_matter": (
        "Filen saknar huvud: den ska börja med en rad '---', sedan fält som 'type:' och 'title:', sedan en rad '---'."
    ),
    "front_matter_unclosed": "Huvudet som börjar på rad {opened} avslutas aldrig. Skriv en rad '---' efter sista fältet.",
    "yaml_syntax": (
        "Huvudet går inte att läsa ({detail}). Kontrollera indragen, och sätt citattecken runt värden som "
        "innehåller ':' eller '#'."
    ),
    "front_matter_not_fields": "Huvudet ska vara fält skrivna som 'namn: värde', ett per rad.",
    "missing_field": "Fältet '{field}' saknas. Det måste finnas i varje fil.",
    "unknown_type": "Okänd typ '{value}'. Skriv en av: {types}.",
    "bad_id": "'{value}' går inte att använda som id. Använd små bokstäver, siffror och '-'.",
    "id_changed": (
        "Id '{value}' används som '{id}' (små bokstäver, '-' i stället för mellanslag). Skriv '{id}' så försvinner varningen."
    ),
    "duplicate_id": "Id '{id}' används redan av {other}. Ge filen ett annat namn eller ett eget 'id:'.",
    "unknown_field": "Fältet finns inte för typen '{type}'; det sparas men används inte. Kontrollera stavningen.",
    "bad_date": "Skriv ett datum som ÅÅÅÅ-MM-DD, till exempel 2018-06-28 (nu står det {value})",
    "bad_number": "Skriv ett heltal, till exempel 15 (nu står det {value})",
    "bad_boolean": "Skriv true eller false (nu står det {value})",
    "bad_choice": "Skriv {choices} (nu står det {value})",
    "bad_value": "Värdet går inte att använda: {detail} (nu står det {value})",
    "unsafe_link": (
        "{value} är ingen webbadress (http eller https), e-postlänk (mailto) eller relativ länk, så den används inte. "
        "Skriv en adress som börjar med https://."
    ),
    "markup_removed": "HTML-taggar visas inte; texten används utan dem: {value}",
    "title_only_markup": "Titeln består bara av HTML-taggar. Skriv den som vanlig text.",
    "bad_share": "Skriv andelen i procent, till exempel 55 % (nu står det {value}). Andelen används inte.",
    "share_out_of_range": "En andel ska vara mellan 0 och 100 % (nu står det {value}). Andelen används inte.",
    "relation_keys": "Okänd nyckel {keys} hos en leverantör eller kund. Skriv bara {expected}.",
    "relation_unnamed": "En leverantör eller kund skriven som fält behöver 'name' (nu står det {value}). Den används inte.",
    "missing_reference": (
        "Hänvisar till '{value}', men ingen post har det id:t. Rätta id:t, eller skriv ett namn med versaler och mellanslag."
    ),
    "too_many_chunks": (
        "Texten är mycket lång: bara de första {chunks} delarna går att söka i, men hela texten visas. "
        "Dela gärna upp den i flera filer."
    ),
}
PROBLEM_LEFT_OUT = ". Värdet används inte."
PROBLEM_FIELD = "fält"
PROBLEM_OR = "eller"
PROBLEM_HEADINGS = ("Varningar", "Avvisade filer")


def indexed(rebuilt: bool, seconds: float, counts: Sequence[int]) -> str:
    """The last line of `kb index`: entries indexed, unchanged, removed; chunks written, in all; warnings, rejected."""
    done, same, gone, written, total, warned, rejected = counts
    return (
        f"{'Byggde om' if rebuilt else 'Uppdaterade'} indexet på {seconds:.1f} s: {done} poster indexerade, {same} "
        f"oförändrade, {gone} borttagna; {written} delar skrivna, {total} i indexet; {warned} varningar, "
        f"{rejected} filer avvisade."
    )


def validated(accepted: int, rejected: int, warnings: int) -> str:
    """The last line of `kb validate`."""
    return f"{accepted} poster godkända, {rejected} filer avvisade, {warnings} varningar."


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
