from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.asset_list import AssetList
from ...models.problem import Problem
from ...models.search_assets_scope import SearchAssetsScope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    scope: SearchAssetsScope | Unset = SearchAssetsScope.ALL,
    limit: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_tag: None | str | Unset
    if isinstance(tag, Unset):
        json_tag = UNSET
    else:
        json_tag = tag
    params["tag"] = json_tag

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/files/assets/search",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AssetList | Problem | None:
    if response.status_code == 200:
        response_200 = AssetList.from_dict(response.json())

        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AssetList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    scope: SearchAssetsScope | Unset = SearchAssetsScope.ALL,
    limit: int | Unset = 20,
) -> Response[AssetList | Problem]:
    """SearchAssets

    Args:
        q (None | str | Unset):
        tag (None | str | Unset):
        scope (SearchAssetsScope | Unset):  Default: SearchAssetsScope.ALL.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetList | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        tag=tag,
        scope=scope,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    scope: SearchAssetsScope | Unset = SearchAssetsScope.ALL,
    limit: int | Unset = 20,
) -> AssetList | Problem | None:
    """SearchAssets

    Args:
        q (None | str | Unset):
        tag (None | str | Unset):
        scope (SearchAssetsScope | Unset):  Default: SearchAssetsScope.ALL.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetList | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        tag=tag,
        scope=scope,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    scope: SearchAssetsScope | Unset = SearchAssetsScope.ALL,
    limit: int | Unset = 20,
) -> Response[AssetList | Problem]:
    """SearchAssets

    Args:
        q (None | str | Unset):
        tag (None | str | Unset):
        scope (SearchAssetsScope | Unset):  Default: SearchAssetsScope.ALL.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AssetList | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        tag=tag,
        scope=scope,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    tag: None | str | Unset = UNSET,
    scope: SearchAssetsScope | Unset = SearchAssetsScope.ALL,
    limit: int | Unset = 20,
) -> AssetList | Problem | None:
    """SearchAssets

    Args:
        q (None | str | Unset):
        tag (None | str | Unset):
        scope (SearchAssetsScope | Unset):  Default: SearchAssetsScope.ALL.
        limit (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AssetList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            tag=tag,
            scope=scope,
            limit=limit,
        )
    ).parsed
