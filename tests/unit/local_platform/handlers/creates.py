from typing import Any

from design_agent.dynamo import DynamoRepository


class _Things(DynamoRepository):
    def create(self, pk: str, n: int) -> None:
        self._put_new({"pk": {"S": pk}, "sk": {"S": "-"}, "n": {"N": str(n)}})

    def create_with_guard(self, pk: str) -> None:
        """A new item and its guard in one transaction, both conditional, as the services' creates are."""
        self._db.transact_write_items(TransactItems=[
            {"Put": {"TableName": self._table, "Item": {"pk": {"S": pk}, "sk": {"S": "-"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Put": {"TableName": self._table, "Item": {"pk": {"S": f"GUARD#{pk}"}, "sk": {"S": "-"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}}])


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """``count`` conditional creates of each kind, the way the services make them: any of them refused (by its own
    earlier attempt, when a fault lost the answer of a write that had applied) fails the invocation."""
    things = _Things(event["table"])
    for n in range(event["count"]):
        things.create(f"{event['prefix']}p{n}", n)
        things.create_with_guard(f"{event['prefix']}t{n}")
    return {"created": 2 * event["count"]}
