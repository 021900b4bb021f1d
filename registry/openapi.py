"""The OpenAPI 3.1 description of /api/v1/, built from the same schema and filters as the API."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base import identity

from . import export
from .filters import PARAM_ALIASES, SORTS, STATUS_FILTERS, VALUE_ALIASES
from .opendata import API_MAX_PAGE_SIZE, API_PAGE_SIZE
from .verification import Verdict

VERDICTS = {
    Verdict.OFFICIAL: _("Official: the account is ours and in use (active or paused)."),
    Verdict.CLOSED: _("Closed: the account was ours but is not any longer. Do not trust it."),
    Verdict.NOT_REGISTERED: _(
        "Not ours: the address names an account on a channel we use, but it is not in the "
        "registry. If it claims to be ours, report it as a suspected fake."
    ),
    Verdict.UNIDENTIFIED: _(
        "The address does not say which account it belongs to (a share link, a short link or a "
        "single post). Open it and paste the account’s own address."
    ),
    Verdict.UNKNOWN_SITE: _("Not an account on any channel we use."),
}

_KINDS = {
    "integer": {"type": "integer"},
    "text": {"type": "string"},
    "list": {"type": "array", "items": {"type": "string"}},
    "date": {"type": ["string", "null"], "format": "date"},
    "datetime": {"type": "string", "format": "date-time"},
}
_ERROR = {"$ref": "#/components/schemas/Error"}


def _parameter(name, description, schema=None):
    alias = PARAM_ALIASES.get(name)
    text = str(description)
    if alias:
        text += " " + str(_("Alias: %(alias)s.")) % {"alias": alias}
    return {"name": name, "in": "query", "required": False, "description": text,
            "schema": schema or {"type": "string"}}  # fmt: skip


def _filters():
    statuses = [value for value in STATUS_FILTERS if value]
    sorts = [prefix + value for value in SORTS for prefix in ("", "-")]
    status_aliases = ", ".join(f"{old} = {new}" for old, new in VALUE_ALIASES["status"].items())
    return [
        _parameter("q", _("Words that must all occur in the account’s texts.")),
        _parameter("channel", _("A channel’s short name, e.g. instagram.")),
        _parameter("department", _("A department’s short name; its units are included.")),
        _parameter(
            "status",
            str(_("Empty: accounts in use (active and paused). Old values: %(aliases)s."))
            % {"aliases": status_aliases},
            {"type": "string", "enum": ["", *statuses, *VALUE_ALIASES["status"]]},
        ),
        _parameter("tag", _("A tag’s short name.")),
        _parameter(
            "sort",
            _("The order; a leading - reverses it."),
            {
                "type": "string",
                "enum": [*sorts, *(f"{p}{a}" for a in VALUE_ALIASES["sort"] for p in ("", "-"))],
            },
        ),  # fmt: skip
    ]


def _responses(ok_schema, ok_description):
    return {
        "200": {"description": str(ok_description),
                "content": {"application/json": {"schema": ok_schema}}},
        "304": {"description": str(_("Not modified since the ETag or date the client sent."))},
        "400": {"description": str(_("A parameter is unknown or malformed; the error names it. "
                                     "Click ids and campaign tags (fbclid, utm_source and the "
                                     "like) are ignored.")),
                "content": {"application/json": {"schema": _ERROR}}},
    }  # fmt: skip


def document():
    account = {
        "type": "object",
        "properties": {
            column.name: {**_KINDS[column.kind], "description": str(column.description)}
            for column in export.SCHEMA
        },
        "required": [column.name for column in export.SCHEMA],
    }
    account["properties"]["status"]["enum"] = ["active", "paused", "closed"]
    paging = [
        _parameter("page", _("Page number, from 1."), {"type": "integer", "minimum": 1}),
        _parameter(
            "page_size",
            _("Accounts per page."),
            {
                "type": "integer",
                "minimum": 1,
                "maximum": API_MAX_PAGE_SIZE,
                "default": API_PAGE_SIZE,
            },
        ),  # fmt: skip
    ]
    verdicts = "\n".join(f"- `{code}`: {text}" for code, text in VERDICTS.items())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": str(_("Official social media accounts of %(org)s"))
            % {"org": identity.current().name},
            "version": "1",
            "description": str(_("The public registry of official accounts, as open data.")),
            "license": {"name": "CC0 1.0", "identifier": export.LICENCE},
        },
        "servers": [{"url": settings.PORTAL_SITE_URL + "/api/v1"}],
        "externalDocs": {"url": settings.PORTAL_SITE_URL + reverse("registry:open_data")},
        "paths": {
            "/accounts/": {
                "get": {
                    "operationId": "listAccounts",
                    "summary": str(_("Accounts, filtered and in pages")),
                    "parameters": [*_filters(), *paging],
                    "responses": {
                        **_responses(
                            {"$ref": "#/components/schemas/AccountPage"},
                            _("A page of accounts; count is 0 when nothing matches."),
                        ),
                        "404": {
                            "description": str(_("There is no such page.")),
                            "content": {"application/json": {"schema": _ERROR}},
                        },
                    },  # fmt: skip
                }
            },
            "/accounts/{id}/": {
                "get": {
                    "operationId": "getAccount",
                    "summary": str(_("One account")),
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],  # fmt: skip
                    "responses": {
                        **_responses({"$ref": "#/components/schemas/Account"}, _("The account.")),
                        "404": {
                            "description": str(_("There is no such account.")),
                            "content": {"application/json": {"schema": _ERROR}},
                        },
                    },  # fmt: skip
                }
            },
            "/verify": {
                "get": {
                    "operationId": "verifyAccount",
                    "summary": str(_("Is this account ours?")),
                    "description": str(_("The verdicts:")) + "\n\n" + verdicts,
                    "parameters": [
                        {
                            "name": "url",
                            "in": "query",
                            "required": True,
                            "description": str(_("An address, or an @handle with channel.")),
                            "schema": {"type": "string", "maxLength": 500},
                        },
                        _parameter("channel", _("The channel, needed for an @handle.")),
                    ],  # fmt: skip
                    "responses": _responses(
                        {"$ref": "#/components/schemas/Verdict"}, _("The answer.")
                    ),
                }
            },
        },
        "components": {
            "schemas": {
                "Account": account,
                "AccountPage": {
                    "type": "object",
                    "required": ["count", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer", "minimum": 0},
                        "next": {"type": ["string", "null"], "format": "uri"},
                        "previous": {"type": ["string", "null"], "format": "uri"},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Account"},
                        },
                    },  # fmt: skip
                },
                "Verdict": {
                    "type": "object",
                    "required": ["official", "status", "verdict", "channel", "handle", "account"],
                    "properties": {
                        "official": {"type": "boolean"},
                        "status": {
                            "type": ["string", "null"],
                            "enum": ["active", "paused", "closed", None],
                        },
                        "verdict": {
                            "type": "string",
                            "enum": list(VERDICTS),
                            "description": verdicts,
                        },
                        "message": {"type": "string"},
                        "channel": {"type": ["string", "null"]},
                        "handle": {"type": ["string", "null"]},
                        "account": {
                            "oneOf": [{"$ref": "#/components/schemas/Account"}, {"type": "null"}]
                        },
                    },  # fmt: skip
                },
                "Error": {
                    "type": "object",
                    "required": ["errors"],
                    "properties": {
                        "errors": {
                            "type": "object",
                            "description": str(_("Messages per parameter name.")),
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        }
                    },
                },
            }
        },
    }
