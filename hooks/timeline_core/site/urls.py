"""Addresses handed to the theme, safe by construction.

Material prints `page.edit_url` into an `href="..."` attribute without escaping it, and MkDocs
builds that address by joining the repository URL with the file's path, unquoted. A path that
held `"` or `<` would break out of the attribute. So every address that reaches the theme is
rebuilt here: only http and https, every path segment, query and fragment percent-encoded, so
that no character that means something in HTML (quotes, angle brackets, ampersands, spaces,
control characters) can remain.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Kept as they are: characters with a meaning in a URL's path and no meaning in HTML.
_PATH_SAFE = "/:@!$()*+,;=~-._"
_HOST_SAFE = ":@[]-._~"


def safe_web_url(url: str | None) -> str | None:
    """`url` with every part percent-encoded, or None unless it is an http(s) address."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((
        parts.scheme.lower(),
        quote(unquote(parts.netloc), safe=_HOST_SAFE),
        quote(unquote(parts.path), safe=_PATH_SAFE),
        quote(unquote(parts.query), safe=_PATH_SAFE + "?"),
        quote(unquote(parts.fragment), safe=_PATH_SAFE + "?"),
    ))


def quote_path(path: str) -> str:
    """A relative path with each segment percent-encoded ('..' and '.' kept)."""
    return "/".join(quote(segment, safe="") for segment in path.split("/"))
