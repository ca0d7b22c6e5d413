"""An in-process moto sandbox with the tables of the given service descriptions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from design_agent.clients import AwsClients
from design_agent.spec import Service, Table
from moto import mock_aws

from functions.registry import SERVICES

STAGE = "unit"


class AwsSandbox:
    def __init__(self, clients: AwsClients) -> None:
        self.clients = clients

    @staticmethod
    def table_name(table: Table) -> str:
        return table.physical_name(STAGE)

    def create_tables(self, services: tuple[Service, ...]) -> None:
        from local_platform.resources import create_table

        for service in services:
            for table in service.tables:
                create_table(self.clients.dynamodb(), table, STAGE)


@pytest.fixture
def sandbox() -> Iterator[AwsSandbox]:
    with mock_aws():
        box = AwsSandbox(AwsClients())
        box.create_tables(SERVICES)
        yield box
