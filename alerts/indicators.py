"""Extract and normalise scam indicators (domains, e-mail addresses, phone numbers,
social-media profiles) from free text.

No Django here: the "Check an offer" page, the admin's indicator rows and the reports
all call these plain functions so that a value is normalised the same way everywhere.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

import phonenumbers
import tldextract

DEFAULT_REGION = "RO"

# Offline only: an empty URL tuple makes tldextract use the Public Suffix List snapshot
# bundled with the package and never touch the network or a cache directory.
# Private suffixes (github.io, blogspot.com, ...) count as suffixes so that
# "scam.github.io" is not reduced to "github.io", which would match every site there.
_extract_domain = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


class IndicatorKind(StrEnum):
    DOMAIN = "domain"
    EMAIL = "email"
    PHONE = "phone"
    SOCIAL = "social"


@dataclass(frozen=True, order=True)
class Indicator:
    kind: IndicatorKind
    value: str


# Social networks whose profile URLs name a person or page: the profile, not the
# platform's domain, is the indicator. Aliases map to one canonical host.
SOCIAL_HOSTS: dict[str, str] = {
    "facebook.com": "facebook.com",
    "fb.com": "facebook.com",
    "fb.me": "facebook.com",
    "instagram.com": "instagram.com",
    "tiktok.com": "tiktok.com",
    "x.com": "x.com",
    "twitter.com": "x.com",
    "t.me": "t.me",
    "telegram.me": "t.me",
    "linkedin.com": "linkedin.com",
    "youtube.com": "youtube.com",
    "vk.com": "vk.com",
    "ok.ru": "ok.ru",
}
# Links that open a chat with a phone number: the number is the indicator.
WHATSAPP_HOSTS = {"wa.me", "whatsapp.com", "api.whatsapp.com"}

_TRAILING_PUNCTUATION = ".,;:!?)]}>'\"«»“”‘’"
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])"
)
_URL_RE = re.compile(r"\b(?:https?|hxxps?)://[^\s<>\"']+", re.IGNORECASE)
_BARE_DOMAIN_RE = re.compile(
    r"(?<![\w@.-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?:/[^\s<>\"']*)?(?![\w@-])"
)
_HANDLE_RE = re.compile(r"(?<![\w.@/])@([A-Za-z0-9_][A-Za-z0-9_.]{1,63})(?![\w@])")


def _strip_trailing_punctuation(text: str) -> str:
    return text.rstrip(_TRAILING_PUNCTUATION)


def _host_and_path(text: str) -> tuple[str, str, str]:
    """Host, path and query of a URL or a bare "domain/path", scheme optional; all empty
    when it cannot be read as one (e.g. "http://[zz", an unclosed IPv6 bracket)."""
    text = _strip_trailing_punctuation(text.strip())
    if re.match(r"^(?:https?|hxxps?)://", text, re.IGNORECASE):
        text = "http://" + text.split("://", 1)[1]
    else:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "", "", ""
    return host, parts.path, parts.query


def _to_ascii(host: str) -> str | None:
    """Lower-case ASCII form of a host; internationalised names become punycode so
    that look-alike letters from other scripts (e.g. Cyrillic "а") stay visible."""
    host = host.lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def registrable_domain(host: str) -> str | None:
    """`host` reduced to the domain a registrant controls: www.visa.example.co.uk ->
    example.co.uk. IP addresses are kept as they are; hosts without a known public
    suffix give None."""
    host = _to_ascii(host.strip().rstrip("."))
    if not host:
        return None
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    parts = _extract_domain(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def normalise_domain(text: str) -> str | None:
    """A domain or URL, with or without scheme and `www.`, as its registrable domain."""
    host, _path, _query = _host_and_path(text)
    return registrable_domain(host) if host else None


def normalise_email(text: str) -> str | None:
    text = _strip_trailing_punctuation(text.strip()).removeprefix("mailto:")
    match = _EMAIL_RE.fullmatch(text)
    if not match:
        return None
    local, _, domain = text.rpartition("@")
    ascii_domain = _to_ascii(domain)
    if not ascii_domain:
        return None
    return f"{local.lower()}@{ascii_domain}"


def normalise_phone(text: str, region: str = DEFAULT_REGION) -> str | None:
    """A phone number in E.164 (+40721234567), read as a Romanian number when it has
    no country code. None when it is not a possible number."""
    text = text.strip()
    if text.startswith("00"):
        # Romania's international prefix; phonenumbers reads it for region RO already,
        # but this keeps "0044..." right whatever the default region is.
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_possible_phone(text: str, region: str = DEFAULT_REGION) -> bool:
    """Whether `text` has the shape of a phone number (digits of a possible length for its
    country), even one not known to be in use: looser than `normalise_phone`."""
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


def _social_profile(host: str, path: str, query: str) -> str | None:
    """`facebook.com/name` style value for a profile URL on a known social network."""
    domain = registrable_domain(host)
    platform = SOCIAL_HOSTS.get(domain or "")
    if not platform:
        return None
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    first = segments[0].lower()
    if platform == "facebook.com" and first == "profile.php":
        profile_id = parse_qs(query).get("id", [""])[0]
        return f"facebook.com/profile.php?id={profile_id}" if profile_id.isdigit() else None
    if platform == "linkedin.com" and first in {"in", "company"} and len(segments) > 1:
        return f"linkedin.com/{first}/{segments[1].lower()}"
    if platform in {"tiktok.com", "youtube.com"} and not first.startswith("@"):
        return None  # profiles there are /@name; other paths are videos or pages
    return f"{platform}/{first}"


def normalise_social(text: str) -> str | None:
    """A social-media profile URL as `platform/handle`, or a bare `@handle` as `@handle`."""
    text = _strip_trailing_punctuation(text.strip())
    handle = _HANDLE_RE.fullmatch(text)
    if handle:
        return "@" + handle.group(1).lower()
    host, path, query = _host_and_path(text)
    return _social_profile(host, path, query) if host else None


def _whatsapp_phone(host: str, path: str, query: str) -> str | None:
    if (registrable_domain(host) or "") not in WHATSAPP_HOSTS and host.lower() not in (
        WHATSAPP_HOSTS
    ):
        return None
    digits = path.strip("/") or parse_qs(query).get("phone", [""])[0]
    return normalise_phone("+" + digits.lstrip("+")) if digits.lstrip("+").isdigit() else None


def link_indicator(text: str) -> Indicator | None:
    """What a link points at: a phone (wa.me), a social profile or a domain; None when
    `text` is not a link to any of them."""
    host, path, query = _host_and_path(text)
    if not host:
        return None
    phone = _whatsapp_phone(host, path, query)
    if phone:
        return Indicator(IndicatorKind.PHONE, phone)
    profile = _social_profile(host, path, query)
    if profile:
        return Indicator(IndicatorKind.SOCIAL, profile)
    domain = registrable_domain(host)
    if domain and domain not in SOCIAL_HOSTS and domain not in WHATSAPP_HOSTS:
        return Indicator(IndicatorKind.DOMAIN, domain)
    return None


NORMALISERS = {
    IndicatorKind.DOMAIN: normalise_domain,
    IndicatorKind.EMAIL: normalise_email,
    IndicatorKind.PHONE: normalise_phone,
    IndicatorKind.SOCIAL: normalise_social,
}


def normalise(kind: IndicatorKind | str, text: str) -> str | None:
    """`text` normalised as an indicator of `kind`, or None when it is not one."""
    return NORMALISERS[IndicatorKind(kind)](text)


def _blank(match: re.Match[str]) -> str:
    # Same length, so positions of later matches still give the order of appearance.
    return " " * len(match.group(0))


def extract_indicators(text: str, region: str = DEFAULT_REGION) -> list[Indicator]:
    """Every domain, e-mail address, phone number and social profile in `text`,
    normalised, without duplicates, in the order they first appear."""
    found: dict[Indicator, int] = {}

    def add(indicator: Indicator | None, position: int) -> None:
        if indicator and indicator not in found:
            found[indicator] = position

    # E-mails first, and blanked out, so their domains are not read as web sites.
    for match in _EMAIL_RE.finditer(text):
        email = normalise_email(match.group(0))
        add(Indicator(IndicatorKind.EMAIL, email) if email else None, match.start())
    text = _EMAIL_RE.sub(_blank, text)

    for pattern in (_URL_RE, _BARE_DOMAIN_RE):
        for match in pattern.finditer(text):
            add(link_indicator(match.group(0)), match.start())
        # Blank out links so digits in their paths are not read as phone numbers.
        text = pattern.sub(_blank, text)

    for match in _HANDLE_RE.finditer(text):
        add(Indicator(IndicatorKind.SOCIAL, "@" + match.group(1).lower()), match.start())

    for match in phonenumbers.PhoneNumberMatcher(text, region):
        if phonenumbers.is_valid_number(match.number):
            e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            add(Indicator(IndicatorKind.PHONE, e164), match.start)
    return sorted(found, key=found.__getitem__)


def social_handle(value: str) -> str:
    """The handle part of a normalised social value, so "@name" can match
    "t.me/name": a bare handle does not say which network it is on."""
    return value.rsplit("/", 1)[-1].lstrip("@")
