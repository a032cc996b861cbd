"""sites.toml: which sites to patrol, and everything about them that is the user's to decide.

A two-line config (`[[sites]]` with `name` and `url`) patrols a site; every other key is
optional. A mistake is reported with the file, the line and the key, because the person editing
the file is rarely the person who wrote it.

```toml
[[sites]]
name = "江河市人民政府"
url = "https://www.jianghe.gov.cn/"
department = "市政府办公室"          # default responsible department (责任单位)
profile = "default"                 # rules profile: a bundled name or a path to a TOML file
include = ["/zwgk/", "/xwzx/"]      # regexes on the URL; when given, other pages are skipped
exclude = ["/admin/", "\\?search="]
robots = true                       # obey robots.txt (default true)
hosts = ["jianghe.gov.cn"]          # further host names that belong to the site

  [[sites.columns]]                 # explicit columns, patrolled even when empty
  name = "政务要闻"
  url = "https://www.jianghe.gov.cn/xwzx/zwyw/index.html"
  class = "important_news"          # freshness class, overrides the keyword rules
  department = "市政府办公室"

  [sites.departments]               # department -> column names or URL prefixes
  "市财政局" = ["财政预决算", "https://www.jianghe.gov.cn/zwgk/czyjs/"]

  [sites.rules]                     # overrides of the rules profile for this site
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from govpatrol.errors import GovpatrolError


class ConfigError(GovpatrolError):
    """A problem in the user's config; the message names the file, line and key."""


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"不是有效的网址 (not an http(s) URL): {url}")


def _url(value: str) -> str:
    value = value.strip()
    try:
        check_url(value)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    return value


def _url_string(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(f"应为网址字符串 (must be a URL string)：{value!r}")
    return value


def _name(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空 (must not be empty)")
    return value.strip()


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"无效的正则表达式 (bad regex) {value!r}: {exc}") from None
    return value


def _one_or_many(value: Any) -> Any:
    """`whitelist = "反对台独"` means a list of one."""
    return [value] if isinstance(value, str) else value


Url = Annotated[str, BeforeValidator(_url_string), AfterValidator(_url)]
Name = Annotated[str, AfterValidator(_name)]
Regex = Annotated[str, AfterValidator(_regex)]
Strings = Annotated[list[str], BeforeValidator(_one_or_many)]


class _Table(BaseModel):
    """A TOML table: TOML's own types, nothing coerced, no key we do not know."""

    model_config = ConfigDict(strict=True, extra="forbid", validate_by_name=True,
                              validate_by_alias=True)


_HOST = re.compile(r"^(\*\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?(:\d{1,5})?$")


def _host(value: str) -> str:
    """A host name (`partner.example.com`, `*.example.com`, `127.0.0.3:8080`), lower-cased."""
    host = value.strip().lower()
    if not _HOST.match(host):
        raise ValueError(f"应为主机名，不含 http:// 和路径 (must be a host name without scheme "
                         f"or path): {value!r}")
    return host.removeprefix("*.")


Host = Annotated[str, AfterValidator(_host)]


class ExternalLinks(_Table):
    """`[sites.external_links]` (链接归属): hosts the `external_link` auditor never judges
    (`allow`: a partner whose page title never names its owner) and hosts it always reports
    (`deny`: a former government domain known to be lost). A name covers its subdomains."""

    allow: list[Host] = []
    deny: list[Host] = []

    @model_validator(mode="after")
    def _not_both(self) -> ExternalLinks:
        both = sorted(set(self.allow) & set(self.deny))
        if both:  # which one was meant cannot be guessed; a subdomain of the other is fine
            raise ValueError(f"主机不能同时列入 allow 和 deny：{'、'.join(both)}"
                             " (a host on both lists)")
        return self


class ColumnConfig(_Table):
    """`[[sites.columns]]`: a column patrolled even when nothing links to it."""

    name: Name
    url: Url
    freshness_class: str | None = Field(None, alias="class")  # overrides the keyword rules
    department: str | None = None
    parent: str | None = None
    js: bool = False  # the list only exists after JavaScript runs: render it in Chromium


class WechatAccount(_Table):
    """`[[sites.wechat]]`: a WeChat account read through a mirror: exactly one of feed, list
    (a mirror's HTML list page) or articles (mp.weixin.qq.com URLs)."""

    name: Name
    feed: Url | None = None
    list_page: Url | None = Field(None, alias="list")
    articles: list[Url] | None = Field(None, min_length=1)
    department: str | None = None
    # the mirror only carries 群发 (mass-sent) articles: an account posting by 发表 looks silent
    # there, so a stale account read from it is 待核实, never a veto
    mass_only: bool = False

    @model_validator(mode="after")
    def _exactly_one_source(self) -> WechatAccount:
        if sum(v is not None for v in (self.feed, self.list_page, self.articles)) != 1:
            raise ValueError("feed、list、articles 须且只须给出一项"
                             " (exactly one of feed, list, articles)")
        return self

    @property
    def kind(self) -> Literal["feed", "list", "articles"]:
        return "feed" if self.feed else "list" if self.list_page else "articles"

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(self.articles or ()) or ((self.feed or self.list_page or ""),)


class SiteConfig(_Table):
    """One `[[sites]]` table: every setting typed, ranges checked, unknown keys refused."""

    name: Name
    url: Url
    department: str | None = None  # default responsible department (责任单位)
    issuer: str | None = None  # the office that issues the reports (the Word report's 落款)
    profile: str | None = None  # rules profile: a bundled name or a path to a TOML file
    include: list[Regex] = []  # regexes on the URL; when given, other pages are skipped
    exclude: list[Regex] = []
    robots: bool = True
    hosts: list[str] = []  # further host names that belong to the site
    columns: list[ColumnConfig] = []
    departments: dict[str, list[str]] = {}  # department -> column names or URL prefixes
    traditional: bool = False  # the site publishes in traditional script
    wordlists: Strings = []  # the site's own word lists (paths relative to sites.toml)
    whitelist: Strings = []  # allowed phrases
    # the site's own link cue lists (kind<TAB>regex, as wordlists/link_cues.tsv), added to the
    # bundled one for 暗链, 网页篡改 and 外链 checks (paths relative to sites.toml)
    link_cues: Strings = []
    rules: dict[str, Any] = {}  # overrides of the rules profile for this site
    max_pages: PositiveInt | None = None
    timeout: PositiveFloat | None = None  # seconds per request
    concurrency: PositiveInt | None = None
    delay: NonNegativeFloat = 0  # seconds between two requests to the site (politeness)
    max_rps: PositiveFloat | None = None  # at most this many requests a second
    max_list_pages: PositiveInt | None = None
    # date-shaped paths followed per template (/cal/2024/05/01/ ...): bounds calendar traps
    max_date_pages: PositiveInt | None = None
    link_timeout: PositiveFloat | None = None  # seconds per link check (default 15)
    link_cache_days: NonNegativeFloat = 0  # reuse live link results this recent
    link_per_host: PositiveInt | None = None  # link checks at once on one host (default 8)
    # attachments (PDF, .docx, .xlsx, .doc/.wps) of the site's own hosts: read and audited
    attachment_text: bool = True
    attachment_max_mb: PositiveFloat = 30  # larger files are not downloaded (unreadable_text)
    attachment_max_pages: PositiveInt = 200  # PDF pages read (pdftotext -l)
    attachment_timeout: PositiveFloat = 30  # seconds for one file's reader
    attachment_ocr: bool = False  # scanned PDFs through RapidOCR (slow; needs the package)
    attachment_ocr_pages: PositiveInt = 5  # pages of one scan read by OCR
    # cloaking: the home page and this many sampled pages fetched again as Baiduspider, a
    # phone and a visitor from Baidu's results (3 requests each; 0 turns it off)
    cloaking_sample: NonNegativeInt = 10
    # cloaking: the site's own external script files read for a hidden redirect, at most this
    # many distinct files (the most loaded first), each once and at most 256 KB (0 turns it off)
    script_files: NonNegativeInt = 50
    external_links: ExternalLinks = ExternalLinks()  # 链接归属: allow / deny host lists
    # site search (站内搜索): after the crawl, the home page's search form is asked for the 4
    # newest published titles (GET only, at most 5 requests); false turns it off
    search_probe: bool = True
    # IPv6 (AAAA records) and HTTPS (certificate expiry) of the site's hosts; false turns off
    host_check: bool = True
    # who answers the AAAA lookups: "system" (getaddrinfo), "off" (未检测), or a TOML file of
    # answers (["host"] a = [...], aaaa = [...]; relative to sites.toml)
    resolver: str = "system"
    probe_urls: list[Url] = []  # further pages `govpatrol watch` probes
    wechat: list[WechatAccount] = []
    js_auto: bool = False  # render a list page in Chromium when its HTML lists nothing
    # scan the pages' text in a second process while the crawl stores them (govpatrol/prescan.py);
    # unset: where the machine has a second core, once the crawl has stored 1,000 pages (a
    # smaller site is scanned faster than the engine loads); true: always. Same findings.
    prescan: bool | None = None
    # distributed crawls (crawler.leases): a worker silent this many seconds is dead, and the
    # requests it held are given to the others, each request at most `lease_retakes` times
    lease_timeout: PositiveFloat = 30.0
    lease_retakes: NonNegativeInt = 2
    # non-public addresses or networks the patrol may request (crawler.scope refuses loopback,
    # private, link-local and metadata addresses unless they are the site's own or listed here)
    allow_addresses: list[str] = []

    def department_for(self, column_name: str | None, url: str | None) -> str | None:
        """Who must fix a column: explicit column entry, then the departments table, then the
        site's default department."""
        for column in self.columns:
            if column.department and (column.name == column_name or column.url == url):
                return column.department
        for department, keys in self.departments.items():
            for key in keys:
                if key == column_name or (url and "/" in key and url.startswith(key)):
                    return department
                if url and key.startswith("/") and urlsplit(url).path.startswith(key):
                    return department
        return self.department

    def configured_column(self, url: str) -> ColumnConfig | None:
        for column in self.columns:
            if column.url == url:
                return column
        return None

    def request_delay(self) -> float:
        """The crawl's minimum seconds between requests: `delay`, or 1 / `max_rps` when that
        is stricter."""
        return max(self.delay, 1.0 / self.max_rps if self.max_rps else 0.0)

    def host_names(self) -> set[str]:
        """The hosts that are this site: its URL's and the `hosts` list."""
        return {urlsplit(self.url).netloc.lower(), *(h.lower() for h in self.hosts)}


class _File(_Table):
    """The whole sites.toml."""

    sites: list[Any] = Field(min_length=1)  # validated one by one, for line numbers
    rules: dict[str, Any] = {}  # overrides for every site
    holidays_file: str | None = None
    wordlists: Strings = []  # word lists for every site
    whitelist: Strings = []
    profile: str | None = None  # every site's rules profile unless the site names its own


@dataclass
class Config:
    path: Path | None
    sites: list[SiteConfig]
    rules: dict[str, Any] = field(default_factory=dict)
    holidays_file: str | None = None
    wordlists: list[str] = field(default_factory=list)
    whitelist: list[str] = field(default_factory=list)
    profile: str | None = None

    def rule_location(self, site: SiteConfig, dotted: str) -> str | None:
        """`file:line [rules.<dotted>]` when this config sets the rules-profile key `dotted`
        (typo.site_rare_pages) in the site's `[sites.rules]` or the top-level `[rules]`: a bad
        override is the user's line, not the bundled profile's. None when neither sets it."""
        if self.path is None:
            return None
        index = next((i for i, s in enumerate(self.sites) if s is site or s.name == site.name),
                     None)
        scopes = [(index, "sites.rules")] if _has_key(site.rules, dotted) else []
        if _has_key(self.rules, dotted):
            scopes.append((None, "rules"))
        if not scopes:
            return None
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return None
        site_index, table = scopes[0]
        line = _Locator(text, str(self.path)).rule_line(site_index, table, dotted)
        where = f"{self.path}:{line}" if line else str(self.path)
        return f"{where} [rules.{dotted}]"

    def site_for(self, url: str) -> SiteConfig | None:
        """The site a URL belongs to: same URL, or its host is one of the site's hosts."""
        host = urlsplit(url).netloc.lower()
        for site in self.sites:
            if site.url == url or host in site.host_names():
                return site
        return None

    def site_matching(self, url: str) -> SiteConfig:
        """`site_for`, or an error that says the config has no site for this URL's host."""
        site = self.site_for(url)
        if site is None:
            host = urlsplit(url).netloc
            known = "、".join(sorted({h for s in self.sites for h in s.host_names()}))
            raise ConfigError(f"{self.path or '<config>'}: 配置中没有与 {host} 匹配的站点，"
                              f"已配置的主机：{known} (no site in the config matches host "
                              f"{host}; add it to a site's url or hosts)")
        return site


def site_from_url(url: str) -> SiteConfig:
    """The site config a bare URL gets: named after its host."""
    check_url(url)
    return SiteConfig(name=urlsplit(url).netloc, url=url)


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在 (config file not found)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取配置文件 (cannot read config): {exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: 配置文件不是 UTF-8 编码，请另存为 UTF-8 "
                              f"(not UTF-8: save it as UTF-8): {exc}") from None
        raise ConfigError(f"{path}: 配置文件似为 GBK 编码，请另存为 UTF-8 (the file looks "
                          "like GBK: save it as UTF-8)") from None
    return parse_config(text, path)


#: pydantic error types -> what the person editing sites.toml reads.
_MESSAGES = {
    "extra_forbidden": "未知的配置项 (unknown key)",
    "missing": "缺少必填项 (missing)",
    "int_type": "应为整数 (must be an integer)",
    "float_type": "应为数字 (must be a number)",
    "bool_type": "应为 true 或 false (must be a boolean)",
    "string_type": "应为字符串 (must be a string)",
    "list_type": "应为列表 (must be a list)",
    "dict_type": "应为表 (must be a table)",
    "model_type": "应为表 (must be a table)",
    "model_attributes_type": "应为表 (must be a table)",
    "too_short": "不能为空 (must not be empty)",
}


def _describe(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
    elif kind in ("greater_than", "greater_than_equal"):
        bound = ctx.get("gt", ctx.get("ge"))
        relation = "大于" if kind == "greater_than" else "不小于"
        message = (f"应{relation} {bound} (must be {'>' if kind == 'greater_than' else '>='} "
                   f"{bound})")
    else:
        message = _MESSAGES.get(kind, error["msg"])
    value = error.get("input")
    if kind not in ("missing", "value_error") and not isinstance(value, dict | list):
        message += f"：{value!r}"
    return message


def _error_at(error: ValidationError, loc: _Locator, site_index: int | None = None) -> str:
    """The first problem pydantic found, as `file:line [key]: message`."""
    errors = error.errors()
    # an unknown key first: it is usually a misspelling, and explains the others
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    path = [p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    message = _describe(first)
    if site_index is None:
        return loc.at(None, str(path[0]) if path else None, message)
    table = path[0] if path else None
    if table == "external_links" and len(path) >= 2 and isinstance(path[1], str):
        return loc.at(site_index, f"{table}.{path[1]}", message)
    if table in ("columns", "wechat") and len(path) >= 2 and isinstance(path[1], int):
        key = path[2] if len(path) >= 3 else table
        return loc.at(site_index, str(key), f"{table}[{path[1]}]: {message}", (table, path[1]))
    return loc.at(site_index, str(table) if table is not None else None, message)


def parse_config(text: str, path: Path | None = None) -> Config:
    name = str(path) if path else "<config>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: TOML 语法错误 (syntax error): {exc}") from None
    loc = _Locator(text, name)
    try:
        top = _File.model_validate(data)
    except ValidationError as exc:
        if any(e["loc"][:1] == ("sites",) for e in exc.errors()):
            raise ConfigError(f"{name}: 至少需要一个 [[sites]] 表，含 name 和 url "
                              "(at least one [[sites]] table with name and url)") from None
        raise ConfigError(_error_at(exc, loc)) from None
    sites = []
    for i, raw in enumerate(top.sites):
        try:
            sites.append(SiteConfig.model_validate(raw))
        except ValidationError as exc:
            raise ConfigError(_error_at(exc, loc, i)) from None
    for i, site in enumerate(sites):
        sites[i] = _resolver_file(site, path, loc, i)
        if site.profile:
            sites[i] = sites[i].model_copy(update={"profile": _profile_path(site.profile, path)})
    names = [s.name for s in sites]
    for i, site_name in enumerate(names):
        if names.index(site_name) != i:
            raise ConfigError(loc.at(i, "name", f"站点名称重复 (duplicate name) {site_name!r}"))
    holidays = top.holidays_file
    if holidays and path and not Path(holidays).is_absolute():
        holidays = str((path.parent / holidays).resolve())
    return Config(path=path, sites=sites, rules=top.rules, holidays_file=holidays,
                  wordlists=list(top.wordlists), whitelist=list(top.whitelist),
                  profile=_profile_path(top.profile, path) if top.profile else None)


def _profile_path(profile: str, path: Path | None) -> str:
    """A bundled profile's name as it is; a profile file relative to sites.toml, like the
    word lists and the holiday file (not to wherever the patrol happens to be started)."""
    if re.fullmatch(r"[\w-]+", profile) or path is None:
        return profile
    file = Path(profile).expanduser()
    return str(file if file.is_absolute() else (path.parent / file).resolve())


def _resolver_file(site: SiteConfig, path: Path | None, loc: _Locator,
                   index: int) -> SiteConfig:
    """A `resolver` that is a file of answers: relative to sites.toml, read now, so a typo
    stops the patrol before any crawling rather than leaving IPv6 未检测 unexplained."""
    if site.resolver in ("system", "off"):
        return site
    answers = Path(site.resolver)
    if path and not answers.is_absolute():
        answers = (path.parent / answers).resolve()
    try:
        with open(answers, "rb") as handle:  # linkcheck.network.file_resolver reads it
            tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        message = ("应为 system、off 或可读的 TOML 应答文件 "
                   f"(system, off or a readable TOML file of answers): {exc}")
        raise ConfigError(loc.at(index, "resolver", message)) from None
    return site.model_copy(update={"resolver": str(answers)})


class _Locator:
    """Finds the line of a key, so errors point where the user must look."""

    def __init__(self, text: str, name: str) -> None:
        self.lines = text.splitlines()
        self.name = name
        #: the lines of the `[[sites]]` headers, in order: where each site's table starts
        self.sites = [i for i, ln in enumerate(self.lines)
                      if re.match(r"\s*\[\[\s*sites\s*\]\]", ln)]

    def _site_span(self, site_index: int) -> tuple[int, int] | None:
        """(first line, end) of the site's table, 0-based; None past the last site."""
        if site_index >= len(self.sites):
            return None
        end = self.sites[site_index + 1] if site_index + 1 < len(self.sites) else len(self.lines)
        return self.sites[site_index], end

    def at(self, site_index: int | None, key: str | None, message: str,
           sub: tuple[str, int] | None = None) -> str:
        """`file:line [key]: message`; `sub` is ("columns" or "wechat", index) for a key in
        one of a site's `[[sites.columns]]` / `[[sites.wechat]]` tables."""
        line = self._line(site_index, key, sub)
        where = f"{self.name}:{line}" if line else self.name
        key_part = f" [{key}]" if key else ""
        return f"{where}{key_part}: {message}"

    def rule_line(self, site_index: int | None, table: str, dotted: str) -> int | None:
        """The line setting `dotted` below `[table]` (sites.rules or rules), written as a
        sub-table header ([sites.rules.typo] then site_rare_pages = ...), a dotted key
        (typo.site_rare_pages = ...) or an inline table (typo = { site_rare_pages = ... })."""
        start, end = 0, len(self.lines)
        if site_index is not None:
            span = self._site_span(site_index)
            if span is None:
                return None
            start, end = span
        elif self.sites:
            end = self.sites[0]
            rules_tables = [i for i, ln in enumerate(self.lines)
                            if re.match(r"\s*\[\s*rules[\].]", ln)]
            if rules_tables and rules_tables[0] > end:  # [rules] after the sites, as usual
                start, end = rules_tables[0], len(self.lines)
        parts = [table, *dotted.split(".")]
        # the key itself, however it is reached: `site_rare_pages =`, `typo.site_rare_pages =`,
        # `"site_rare_pages" =`, `typo = { site_rare_pages = ... }`
        sets = re.compile(rf"""\b{re.escape(parts[-1])}["']?\s*=""")
        for cut in range(len(parts) - 1, 0, -1):  # the deepest header that exists
            name = r"\.".join(re.escape(p) for p in parts[:cut])
            header = next((i for i in range(start, end)
                           if re.match(rf"\s*\[\s*{name}\s*\]", self.lines[i])), None)
            if header is not None:
                following = next((i for i in range(header + 1, end)
                                  if re.match(r"\s*\[", self.lines[i])), end)
                return next((i + 1 for i in range(header + 1, following)
                             if sets.search(self.lines[i])), header + 1)
        return next((i + 1 for i in range(start, end) if sets.search(self.lines[i])), None)

    def _line(self, site_index: int | None, key: str | None,
              sub: tuple[str, int] | None = None) -> int | None:
        start = 0
        if site_index is not None:
            span = self._site_span(site_index)
            if span is None:
                return None
            start, end = span
            if key is None:
                return start + 1
            if sub is not None:
                table, index = sub
                tables = [i for i in range(start, end) if re.match(
                    rf"\s*\[\[\s*sites\.{table}\s*\]\]", self.lines[i])]
                if index < len(tables):
                    start = tables[index]
                    if index + 1 < len(tables):
                        end = tables[index + 1]
        else:
            end = len(self.lines)
        if key is None:
            return None
        if "." in key:  # a key of a site's sub-table: its line, else the table's own line
            table, sub_key = key.split(".", 1)
            table_line = self._line(site_index, table)
            if table_line is None:
                return None
            pattern = re.compile(rf"""\s*["']?{re.escape(sub_key)}["']?\s*=""")
            for i in range(table_line - 1, end):
                if pattern.match(self.lines[i]):
                    return i + 1
            return table_line
        pattern = re.compile(rf"""\s*(\[+\s*)?(sites\.)?["']?{re.escape(key)}["']?\s*(=|\]|\.)""")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return start + 1 if site_index is not None else None


def _has_key(table: dict[str, Any], dotted: str) -> bool:
    value: Any = table
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True
