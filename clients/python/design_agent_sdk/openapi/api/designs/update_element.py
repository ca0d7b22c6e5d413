from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.element import Element
from ...models.problem import Problem
from ...models.update_element_request import UpdateElementRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    poster_id: str,
    element_id: str,
    *,
    body: UpdateElementRequest,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/designs/posters/{poster_id}/elements/{element_id}".format(
            poster_id=quote(str(poster_id), safe=""),
            element_id=quote(str(element_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Element | Problem | None:
    if response.status_code == 200:
        response_200 = Element.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Element | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    poster_id: str,
    element_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateElementRequest,
    if_match: str | Unset = UNSET,
) -> Response[Element | Problem]:
    """UpdateElement

    Args:
        poster_id (str):
        element_id (str):
        if_match (str | Unset):
        body (UpdateElementRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Element | Problem]
    """

    kwargs = _get_kwargs(
        poster_id=poster_id,
        element_id=element_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    poster_id: str,
    element_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateElementRequest,
    if_match: str | Unset = UNSET,
) -> Element | Problem | None:
    """UpdateElement

    Args:
        poster_id (str):
        element_id (str):
        if_match (str | Unset):
        body (UpdateElementRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Element | Problem
    """

    return sync_detailed(
        poster_id=poster_id,
        element_id=element_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    poster_id: str,
    element_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateElementRequest,
    if_match: str | Unset = UNSET,
) -> Response[Element | Problem]:
    """UpdateElement

    Args:
        poster_id (str):
        element_id (str):
        if_match (str | Unset):
        body (UpdateElementRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Element | Problem]
    """

    kwargs = _get_kwargs(
        poster_id=poster_id,
        element_id=element_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    poster_id: str,
    element_id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateElementRequest,
    if_match: str | Unset = UNSET,
) -> Element | Problem | None:
    """UpdateElement

    Args:
        poster_id (str):
        element_id (str):
        if_match (str | Unset):
        body (UpdateElementRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Element | Problem
    """

    return (
        await asyncio_detailed(
            poster_id=poster_id,
            element_id=element_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
