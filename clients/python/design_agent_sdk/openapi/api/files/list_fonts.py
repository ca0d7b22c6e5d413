from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.font_list import FontList
from ...models.list_fonts_covers_type_0 import ListFontsCoversType0
from ...models.list_fonts_scope import ListFontsScope
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    scope: ListFontsScope | Unset = ListFontsScope.PUBLIC,
    family: None | str | Unset = UNSET,
    cjk: bool | None | Unset = UNSET,
    covers: ListFontsCoversType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    json_family: None | str | Unset
    if isinstance(family, Unset):
        json_family = UNSET
    else:
        json_family = family
    params["family"] = json_family

    json_cjk: bool | None | Unset
    if isinstance(cjk, Unset):
        json_cjk = UNSET
    else:
        json_cjk = cjk
    params["cjk"] = json_cjk

    json_covers: None | str | Unset
    if isinstance(covers, Unset):
        json_covers = UNSET
    elif isinstance(covers, ListFontsCoversType0):
        json_covers = covers.value
    else:
        json_covers = covers
    params["covers"] = json_covers

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/files/fonts",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FontList | Problem | None:
    if response.status_code == 200:
        response_200 = FontList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FontList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    scope: ListFontsScope | Unset = ListFontsScope.PUBLIC,
    family: None | str | Unset = UNSET,
    cjk: bool | None | Unset = UNSET,
    covers: ListFontsCoversType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[FontList | Problem]:
    """ListFonts

    Args:
        scope (ListFontsScope | Unset):  Default: ListFontsScope.PUBLIC.
        family (None | str | Unset):
        cjk (bool | None | Unset):
        covers (ListFontsCoversType0 | None | Unset): only fonts whose coverage report lists this
            script
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FontList | Problem]
    """

    kwargs = _get_kwargs(
        scope=scope,
        family=family,
        cjk=cjk,
        covers=covers,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    scope: ListFontsScope | Unset = ListFontsScope.PUBLIC,
    family: None | str | Unset = UNSET,
    cjk: bool | None | Unset = UNSET,
    covers: ListFontsCoversType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> FontList | Problem | None:
    """ListFonts

    Args:
        scope (ListFontsScope | Unset):  Default: ListFontsScope.PUBLIC.
        family (None | str | Unset):
        cjk (bool | None | Unset):
        covers (ListFontsCoversType0 | None | Unset): only fonts whose coverage report lists this
            script
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FontList | Problem
    """

    return sync_detailed(
        client=client,
        scope=scope,
        family=family,
        cjk=cjk,
        covers=covers,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    scope: ListFontsScope | Unset = ListFontsScope.PUBLIC,
    family: None | str | Unset = UNSET,
    cjk: bool | None | Unset = UNSET,
    covers: ListFontsCoversType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[FontList | Problem]:
    """ListFonts

    Args:
        scope (ListFontsScope | Unset):  Default: ListFontsScope.PUBLIC.
        family (None | str | Unset):
        cjk (bool | None | Unset):
        covers (ListFontsCoversType0 | None | Unset): only fonts whose coverage report lists this
            script
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FontList | Problem]
    """

    kwargs = _get_kwargs(
        scope=scope,
        family=family,
        cjk=cjk,
        covers=covers,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    scope: ListFontsScope | Unset = ListFontsScope.PUBLIC,
    family: None | str | Unset = UNSET,
    cjk: bool | None | Unset = UNSET,
    covers: ListFontsCoversType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> FontList | Problem | None:
    """ListFonts

    Args:
        scope (ListFontsScope | Unset):  Default: ListFontsScope.PUBLIC.
        family (None | str | Unset):
        cjk (bool | None | Unset):
        covers (ListFontsCoversType0 | None | Unset): only fonts whose coverage report lists this
            script
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FontList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            scope=scope,
            family=family,
            cjk=cjk,
            covers=covers,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
