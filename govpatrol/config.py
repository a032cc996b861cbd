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
from typing import Any
from urllib.parse import urlsplit

from govpatrol.errors import GovpatrolError

SITE_KEYS = {
    "name", "url", "department", "profile", "include", "exclude", "robots", "hosts", "columns",
    "departments", "traditional", "wordlists", "whitelist", "rules", "max_pages", "timeout",
    "concurrency", "max_list_pages", "link_timeout", "link_cache_days",
    "probe_urls",  # further pages `govpatrol watch` probes besides the home page and columns
    "wechat",  # [[sites.wechat]]: WeChat accounts read through mirrors (feed / list / articles)
    "js_auto",  # render a list page in Chromium when its HTML lists nothing but loads a script
    "allow_addresses",  # non-public addresses/networks the patrol may request (crawler.scope)
}
COLUMN_KEYS = {"name", "url", "class", "department", "parent", "js"}
WECHAT_KEYS = {"name", "feed", "list", "articles", "department"}
TOP_KEYS = {"sites", "rules", "holidays_file", "wordlists", "whitelist", "profile"}


class ConfigError(GovpatrolError):
    """A problem in the user's config; the message names the file, line and key."""


@dataclass
class ColumnConfig:
    name: str
    url: str
    freshness_class: str | None = None
    department: str | None = None
    parent: str | None = None
    js: bool = False  # the list only exists after JavaScript runs: render it in Chromium


@dataclass
class SiteConfig:
    name: str
    url: str
    department: str | None = None
    profile: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    robots: bool = True
    hosts: list[str] = field(default_factory=list)
    columns: list[ColumnConfig] = field(default_factory=list)
    departments: dict[str, list[str]] = field(default_factory=dict)
    max_pages: int | None = None
    timeout: float | None = None
    concurrency: int | None = None
    max_list_pages: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # everything, for auditors' own keys

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


@dataclass
class Config:
    path: Path | None
    sites: list[SiteConfig]
    rules: dict[str, Any] = field(default_factory=dict)
    holidays_file: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def site_for(self, url: str) -> SiteConfig | None:
        host = urlsplit(url).netloc.lower()
        for site in self.sites:
            if site.url == url or urlsplit(site.url).netloc.lower() == host:
                return site
        return None


def site_from_url(url: str) -> SiteConfig:
    """The site config a bare URL gets: named after its host."""
    check_url(url)
    return SiteConfig(name=urlsplit(url).netloc, url=url)


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"不是有效的网址 (not an http(s) URL): {url}")


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在 (config file not found)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取配置文件 (cannot read config): {exc}") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path | None = None) -> Config:
    name = str(path) if path else "<config>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: TOML 语法错误 (syntax error): {exc}") from None
    loc = _Locator(text, name)
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(loc.at(None, key, "未知的配置项 (unknown key)"))
    sites_raw = data.get("sites")
    if not isinstance(sites_raw, list) or not sites_raw:
        raise ConfigError(f"{name}: 至少需要一个 [[sites]] 表，含 name 和 url "
                          "(at least one [[sites]] table with name and url)")
    sites = [_site(raw, i, loc) for i, raw in enumerate(sites_raw)]
    names = [s.name for s in sites]
    for i, site_name in enumerate(names):
        if names.index(site_name) != i:
            raise ConfigError(loc.at(i, "name", f"站点名称重复 (duplicate name) {site_name!r}"))
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(loc.at(None, "rules", "应为表 (must be a table)"))
    holidays = data.get("holidays_file")
    if holidays is not None and not isinstance(holidays, str):
        raise ConfigError(loc.at(None, "holidays_file", "应为文件路径字符串 (must be a path)"))
    if holidays and path and not Path(holidays).is_absolute():
        holidays = str((path.parent / holidays).resolve())
    return Config(path=path, sites=sites, rules=rules, holidays_file=holidays, raw=data)


def _site(raw: Any, index: int, loc: _Locator) -> SiteConfig:
    if not isinstance(raw, dict):
        raise ConfigError(loc.at(index, None, "[[sites]] 应为表 (must be a table)"))
    for key in raw:
        if key not in SITE_KEYS:
            raise ConfigError(loc.at(index, key, "未知的站点配置项 (unknown site key)"))
    for key in ("name", "url"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ConfigError(loc.at(index, key, f"缺少或无效的 {key} (missing or not a string)"))
    try:
        check_url(raw["url"])
    except ConfigError as exc:
        raise ConfigError(loc.at(index, "url", str(exc))) from None

    def typed(key: str, kind: type | tuple[type, ...], what: str) -> Any:
        value = raw.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            raise ConfigError(loc.at(index, key, f"应为{what}"))
        return value

    def str_list(key: str) -> list[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(loc.at(index, key, "应为字符串列表 (must be a list of strings)"))
        return value

    include, exclude = str_list("include"), str_list("exclude")
    for key, patterns in (("include", include), ("exclude", exclude)):
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    loc.at(index, key, f"无效的正则表达式 (bad regex) {pattern!r}: {exc}")
                ) from None
    robots = raw.get("robots", True)
    if not isinstance(robots, bool):
        raise ConfigError(loc.at(index, "robots", "应为 true 或 false (must be a boolean)"))
    departments = raw.get("departments", {})
    if not isinstance(departments, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in departments.values()
    ):
        raise ConfigError(loc.at(index, "departments",
                                 "应为「部门 = [栏目名或网址前缀]」的表 (department = [columns])"))
    columns_raw = raw.get("columns", [])
    if not isinstance(columns_raw, list):
        raise ConfigError(loc.at(index, "columns", "应为 [[sites.columns]] 表数组"))
    columns = [_column(c, index, j, loc) for j, c in enumerate(columns_raw)]
    for key in ("max_pages", "concurrency", "max_list_pages"):
        value = typed(key, int, "正整数 (a positive integer)")
        if value is not None and value <= 0:
            raise ConfigError(loc.at(index, key, "应为正整数 (a positive integer)"))
    timeout = typed("timeout", (int, float), "秒数 (seconds)")
    if timeout is not None and timeout <= 0:
        raise ConfigError(loc.at(index, "timeout", "应为正数 (a positive number)"))
    for key in ("department", "profile"):
        typed(key, str, "字符串 (a string)")
    if not isinstance(raw.get("js_auto", False), bool):
        raise ConfigError(loc.at(index, "js_auto", "应为 true 或 false (must be a boolean)"))
    wechat_raw = raw.get("wechat", [])
    if not isinstance(wechat_raw, list):
        raise ConfigError(loc.at(index, "wechat", "应为 [[sites.wechat]] 表数组"))
    for j, entry in enumerate(wechat_raw):
        _wechat(entry, index, j, loc)
    rules = raw.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(loc.at(index, "rules", "应为表 (must be a table)"))
    return SiteConfig(
        name=raw["name"].strip(), url=raw["url"].strip(), department=raw.get("department"),
        profile=raw.get("profile"), include=include, exclude=exclude, robots=robots,
        hosts=str_list("hosts"), columns=columns, departments=departments,
        max_pages=raw.get("max_pages"), timeout=timeout, concurrency=raw.get("concurrency"),
        max_list_pages=raw.get("max_list_pages"), raw=raw,
    )


def _column(raw: Any, site_index: int, index: int, loc: _Locator) -> ColumnConfig:
    where = f"columns[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(loc.at(site_index, "columns", f"{where} 应为表 (must be a table)", index))
    for key in raw:
        if key not in COLUMN_KEYS:
            raise ConfigError(loc.at(site_index, key, f"{where}: 未知配置项 (unknown key)", index))
    for key in ("name", "url"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ConfigError(loc.at(site_index, key, f"{where}: 缺少 {key} (missing)", index))
    try:
        check_url(raw["url"])
    except ConfigError as exc:
        raise ConfigError(loc.at(site_index, "url", f"{where}: {exc}", index)) from None
    for key in ("class", "department", "parent"):
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(loc.at(site_index, key, f"{where}: 应为字符串 (a string)", index))
    if not isinstance(raw.get("js", False), bool):
        raise ConfigError(loc.at(site_index, "js", f"{where}: 应为 true 或 false (a boolean)",
                                 index))
    return ColumnConfig(name=raw["name"].strip(), url=raw["url"].strip(),
                        freshness_class=raw.get("class"), department=raw.get("department"),
                        parent=raw.get("parent"), js=raw.get("js", False))


def _wechat(raw: Any, site_index: int, index: int, loc: _Locator) -> None:
    """One `[[sites.wechat]]` account: a name and exactly one of feed, list or articles."""
    where = f"wechat[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(loc.at(site_index, "wechat", f"{where} 应为表 (must be a table)"))
    for key in raw:
        if key not in WECHAT_KEYS:
            raise ConfigError(loc.at(site_index, key, f"{where}: 未知配置项 (unknown key)"))
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ConfigError(loc.at(site_index, "name", f"{where}: 缺少公众号名称 name (missing)"))
    given = [k for k in ("feed", "list", "articles") if k in raw]
    if len(given) != 1:
        raise ConfigError(loc.at(site_index, "wechat", f"{where}: feed、list、articles 须且只须"
                                 "给出一项 (exactly one of feed, list, articles)"))
    value = raw[given[0]]
    urls = value if isinstance(value, list) else [value]
    if not urls or (given[0] != "articles" and isinstance(value, list)):
        raise ConfigError(loc.at(site_index, given[0], f"{where}: 应为网址字符串"
                                 " (a URL; articles: a list of URLs)"))
    for url in urls:
        if not isinstance(url, str):
            raise ConfigError(loc.at(site_index, given[0], f"{where}: 应为网址字符串 (a URL)"))
        try:
            check_url(url)
        except ConfigError as exc:
            raise ConfigError(loc.at(site_index, given[0], f"{where}: {exc}")) from None
    if "department" in raw and not isinstance(raw["department"], str):
        raise ConfigError(loc.at(site_index, "department", f"{where}: 应为字符串 (a string)"))


class _Locator:
    """Finds the line of a key, so errors point where the user must look."""

    def __init__(self, text: str, name: str) -> None:
        self.lines = text.splitlines()
        self.name = name

    def at(self, site_index: int | None, key: str | None, message: str,
           column_index: int | None = None) -> str:
        line = self._line(site_index, key, column_index)
        where = f"{self.name}:{line}" if line else self.name
        key_part = f" [{key}]" if key else ""
        return f"{where}{key_part}: {message}"

    def _line(self, site_index: int | None, key: str | None,
              column_index: int | None = None) -> int | None:
        start = 0
        if site_index is not None:
            headers = [i for i, ln in enumerate(self.lines)
                       if re.match(r"\s*\[\[\s*sites\s*\]\]", ln)]
            if site_index >= len(headers):
                return None
            start = headers[site_index]
            if key is None:
                return start + 1
            end = headers[site_index + 1] if site_index + 1 < len(headers) else len(self.lines)
            if column_index is not None:
                columns = [i for i in range(start, end)
                           if re.match(r"\s*\[\[\s*sites\.columns\s*\]\]", self.lines[i])]
                if column_index < len(columns):
                    start = columns[column_index]
                    if column_index + 1 < len(columns):
                        end = columns[column_index + 1]
        else:
            end = len(self.lines)
        if key is None:
            return None
        pattern = re.compile(rf"""\s*(\[+\s*)?(sites\.)?["']?{re.escape(key)}["']?\s*(=|\]|\.)""")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return start + 1 if site_index is not None else None
