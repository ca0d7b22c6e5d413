"""The only code that touches the Users table.

Layout: ``USER#<id>/PROFILE`` (profile, password hash and quota counters in one item, so
reading a user is one GetItem and a quota change one conditional write),
``EMAIL#<email>/EMAIL`` and ``USERNAME#<name>/USERNAME`` (uniqueness guards),
``USER#<id>/QUOTAOP#<op>#<key>`` (applied quota changes, for idempotency),
``THROTTLE#<kind>#<value>/W#<window>``, ``/LOCK`` and ``/KNOWN`` (login throttling, account mails per address),
``VERIFY#<sha256>/TOKEN`` (a registration waiting for its address to be confirmed) and ``RESET#<sha256>/TOKEN``
(a password-reset token), each with a TTL and readable once. Admin listing
uses ``gsi1`` (``USERS`` / ``<created_at>#<id>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from botocore.exceptions import ClientError
from design_agent import errors
from design_agent.dynamo import (
    DynamoRepository,
    Position,
    cancellation_codes,
    from_item,
    to_item,
    values,
)

from functions.users.models.domain import Quota, User

QuotaResource = Literal["tasks", "storage"]
QUOTA_OP_TTL_S = 40 * 86400


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def profile_key(user_id: str) -> dict[str, Any]:
    return _key(f"USER#{user_id}", "PROFILE")


def _user_item(user: User) -> dict[str, Any]:
    q = user.quota
    return to_item({
        "pk": f"USER#{user.id}", "sk": "PROFILE", "gsi1pk": "USERS",
        "gsi1sk": f"{user.created_at.isoformat()}#{user.id}",
        "id": user.id, "username": user.username, "email": user.email, "avatar": user.avatar,
        "role": user.role, "status": user.status, "password_hash": user.password_hash,
        "created_at": user.created_at.isoformat(), "updated_at": user.updated_at.isoformat(),
        "period": q.period, "tasks_used": q.tasks_used, "tasks_limit": q.tasks_limit,
        "tasks_remaining": q.tasks_limit - q.tasks_used, "storage_used": q.storage_used,
        "storage_limit": q.storage_limit, "storage_remaining": q.storage_limit - q.storage_used,
    })


def user_from_item(item: dict[str, Any]) -> User:
    d = from_item(item)
    return User(
        id=d["id"], username=d["username"], email=d["email"], avatar=d.get("avatar") or None, role=d["role"],
        status=d["status"], password_hash=d["password_hash"], created_at=d["created_at"],
        updated_at=d["updated_at"],
        quota=Quota(period=d["period"], tasks_used=d["tasks_used"], tasks_limit=d["tasks_limit"],
                    storage_used=d["storage_used"], storage_limit=d["storage_limit"]),
    )


OneTimeKind = Literal["VERIFY", "RESET"]


def _token_key(kind: OneTimeKind, token_hash: str) -> dict[str, Any]:
    return _key(f"{kind}#{token_hash}", "TOKEN")


def _quota_op_sk(op: str, resource: str, key: str) -> str:
    return f"QUOTAOP#{op}#{resource}#{key}"


@dataclass(frozen=True)
class ThrottleState:
    locks: dict[str, int]  # key -> locked_until (epoch s), for the keys that have a lock
    failures: int  # of the counted key in the current window
    known_until: int  # the counted key's KNOWN marker lasts until then (epoch s; 0: none; TTL deletes it lazily)


class QuotaConflict(Exception):
    """The quota condition failed: exceeded, new period, or unknown user (the caller reads why)."""


class UsersRepository(DynamoRepository):
    def _guard(self, pk: str, sk: str, user_id: str) -> dict[str, Any]:
        return {"Put": {"TableName": self._table, "Item": {**_key(pk, sk), "user_id": {"S": user_id}},
                        "ConditionExpression": "attribute_not_exists(pk)"}}

    # --- users ---------------------------------------------------------------------------
    def create(self, user: User, *, consuming: OneTimeKind | None = None, token_hash: str = "") -> None:
        """The profile and its email and username guards in one transaction; with ``consuming``, that one-time
        token is deleted in it too (``InvalidOneTimeToken`` if it is gone already: used once)."""
        items = [
            {"Put": {"TableName": self._table, "Item": _user_item(user),
                     "ConditionExpression": "attribute_not_exists(pk)"}},
            self._guard(f"EMAIL#{user.email}", "EMAIL", user.id),
            self._guard(f"USERNAME#{user.username.lower()}", "USERNAME", user.id),
        ]
        if consuming is not None:
            items.append({"Delete": {"TableName": self._table, "Key": _token_key(consuming, token_hash),
                                     "ConditionExpression": "attribute_exists(pk)"}})
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if len(codes) > 3 and codes[3] == "ConditionalCheckFailed":
                raise errors.InvalidOneTimeToken() from exc
            if len(codes) > 1 and codes[1] == "ConditionalCheckFailed":
                raise errors.AlreadyExists("An account with this email already exists", field="email") from exc
            if len(codes) > 2 and codes[2] == "ConditionalCheckFailed":
                raise errors.AlreadyExists("This username is taken", field="username") from exc
            raise

    def get(self, user_id: str) -> User | None:
        item = self._db.get_item(TableName=self._table, Key=profile_key(user_id), ConsistentRead=True).get("Item")
        return user_from_item(item) if item else None

    def get_many(self, user_ids: list[str]) -> list[User]:
        """Profiles of the users that exist (BatchGetItem, 100 keys per call, unprocessed keys retried)."""
        found: list[User] = []
        for start in range(0, len(user_ids), 100):
            request: dict[str, Any] = {self._table: {"Keys": [profile_key(u) for u in dict.fromkeys(
                user_ids[start:start + 100])]}}
            while request:
                result = self._db.batch_get_item(RequestItems=request)
                found += [user_from_item(item) for item in result.get("Responses", {}).get(self._table, [])]
                request = result.get("UnprocessedKeys") or {}
        return found

    def user_id_by_email(self, email: str) -> str | None:
        item = self._db.get_item(TableName=self._table, Key=_key(f"EMAIL#{email}", "EMAIL")).get("Item")
        return item["user_id"]["S"] if item else None

    def update_profile(self, user: User, *, old_username: str | None, limits_changed: tuple[int, int] | None,
                       now: datetime) -> User:
        """Write changed profile fields; moves the username guard and shifts the remaining quota."""
        sets = ["username = :username", "avatar = :avatar", "#role = :role", "#status = :status",
                "updated_at = :now"]
        expr_values = values(username=user.username, avatar=user.avatar or "", role=user.role,
                             status=user.status, now=now.isoformat())
        if limits_changed is not None:
            tasks_delta, storage_delta = limits_changed
            sets += ["tasks_limit = tasks_limit + :td", "tasks_remaining = tasks_remaining + :td",
                     "storage_limit = storage_limit + :sd", "storage_remaining = storage_remaining + :sd"]
            expr_values.update(values(td=tasks_delta, sd=storage_delta))
        items: list[dict[str, Any]] = [{"Update": {
            "TableName": self._table, "Key": profile_key(user.id), "UpdateExpression": "SET " + ", ".join(sets),
            "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeNames": {"#role": "role", "#status": "status"},
            "ExpressionAttributeValues": expr_values}}]
        if old_username is not None and old_username.lower() != user.username.lower():
            items.append(self._guard(f"USERNAME#{user.username.lower()}", "USERNAME", user.id))
            items.append({"Delete": {"TableName": self._table, "Key": _key(f"USERNAME#{old_username.lower()}",
                                                                             "USERNAME")}})
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if codes and codes[0] == "ConditionalCheckFailed":
                raise errors.NotFound("No such user") from exc
            if len(codes) > 1 and codes[1] == "ConditionalCheckFailed":
                raise errors.AlreadyExists("This username is taken", field="username") from exc
            raise
        if limits_changed is None:
            return user.model_copy(update={"updated_at": now})
        quota = user.quota.model_copy(update={"tasks_limit": user.quota.tasks_limit + limits_changed[0],
                                              "storage_limit": user.quota.storage_limit + limits_changed[1]})
        return user.model_copy(update={"updated_at": now, "quota": quota})

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._db.update_item(TableName=self._table, Key=profile_key(user_id), UpdateExpression="SET password_hash = :h",
                             ExpressionAttributeValues=values(h=password_hash))

    def list_page(self, limit: int, start: Position) -> tuple[list[User], Position]:
        kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        result = self._db.query(TableName=self._table, IndexName="gsi1", KeyConditionExpression="gsi1pk = :pk",
                                ExpressionAttributeValues=values(pk="USERS"), ScanIndexForward=False, Limit=limit,
                                **kwargs)
        users = [user_from_item(item) for item in result.get("Items", [])]
        return users, result.get("LastEvaluatedKey")

    # --- quota ---------------------------------------------------------------------------
    def change_quota(self, user_id: str, resource: QuotaResource, amount: int, *, op: Literal["consume", "refund"],
                     idempotency_key: str, period: str, now_epoch: int) -> bool:
        """Apply a consume or refund once per key; False when it changes nothing.

        A refund names the key of the consume it undoes: it applies only if that charge exists, with the same
        amount and (for tasks) in the current month, so quota is never refunded for what was never charged.
        ``QuotaConflict`` when a consume's counter condition fails (over limit, new month, or no such user).
        """
        used, remaining = f"{resource}_used", f"{resource}_remaining"
        sign = 1 if op == "consume" else -1
        expr_values = values(delta=sign * amount, neg=-sign * amount)
        condition = "attribute_exists(pk)"
        if op == "consume":
            condition += f" AND {remaining} >= :n"
            expr_values.update(values(n=amount))
            if resource == "tasks":
                condition += " AND period = :period"
                expr_values.update(values(period=period))
        items: list[dict[str, Any]] = [{"Put": {
            "TableName": self._table, "ConditionExpression": "attribute_not_exists(pk)",
            "Item": to_item({"pk": f"USER#{user_id}", "sk": _quota_op_sk(op, resource, idempotency_key),
                             "amount": amount, "period": period, "expires_at": now_epoch + QUOTA_OP_TTL_S})}}]
        if op == "refund":
            charge_condition = "amount = :n" + (" AND period = :period" if resource == "tasks" else "")
            items.append({"ConditionCheck": {
                "TableName": self._table,
                "Key": _key(f"USER#{user_id}", _quota_op_sk("consume", resource, idempotency_key)),
                "ConditionExpression": charge_condition,
                "ExpressionAttributeValues": values(n=amount, **({"period": period} if resource == "tasks" else {})),
            }})
        items.append({"Update": {
            "TableName": self._table, "Key": profile_key(user_id),
            "UpdateExpression": f"SET {used} = {used} + :delta, {remaining} = {remaining} + :neg",
            "ConditionExpression": condition, "ExpressionAttributeValues": expr_values}})
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            codes = cancellation_codes(exc)
            if op == "refund" and "ConditionalCheckFailed" in codes[:2]:
                return False  # refunded before, or no such charge (in this month)
            if codes and codes[0] == "ConditionalCheckFailed":
                return False
            if codes and codes[-1] == "ConditionalCheckFailed":
                raise QuotaConflict from exc
            raise
        return True

    def reset_period(self, user_id: str, old_period: str, new_period: str) -> None:
        """Start a new month's task counter (once: conditional on the old period)."""
        try:
            self._db.update_item(
                TableName=self._table, Key=profile_key(user_id),
                UpdateExpression="SET period = :new, tasks_used = :zero, tasks_remaining = tasks_limit",
                ConditionExpression="period = :old", ExpressionAttributeValues=values(new=new_period, old=old_period,
                                                                                      zero=0))
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise  # someone else reset it first: fine

    # --- login throttling -----------------------------------------------------------------
    def throttle_state(self, lock_keys: list[str], counted_key: str, window: int) -> ThrottleState:
        """``locked_until`` of each key that has a lock, and the failures of ``counted_key`` in the current window
        and whether it is marked known, in one read."""
        counted = f"THROTTLE#{counted_key}"
        keys = [_key(f"THROTTLE#{k}", "LOCK") for k in lock_keys] + [_key(counted, f"W#{window}"),
                                                                       _key(counted, "KNOWN")]
        result = self._db.batch_get_item(RequestItems={self._table: {"Keys": keys, "ConsistentRead": True}})
        locks: dict[str, int] = {}
        failures = known_until = 0
        for item in result.get("Responses", {}).get(self._table, []):
            sk = item["sk"]["S"]
            if sk == "LOCK":
                locks[item["pk"]["S"].removeprefix("THROTTLE#")] = int(item["locked_until"]["N"])
            elif sk == "KNOWN":
                known_until = int(item["expires_at"]["N"])
            else:
                failures = int(item["failures"]["N"])
        return ThrottleState(locks=locks, failures=failures, known_until=known_until)

    def count(self, key: str, window: int, expires_at: int) -> int:
        """One more event of ``key`` in ``window`` (a failed login, an account mail); the window's count."""
        result = self._db.update_item(
            TableName=self._table, Key=_key(f"THROTTLE#{key}", f"W#{window}"),
            UpdateExpression="ADD failures :one SET expires_at = :exp",
            ExpressionAttributeValues=values(one=1, exp=expires_at), ReturnValues="UPDATED_NEW")
        return int(result["Attributes"]["failures"]["N"])

    def lock(self, key: str, until: int) -> None:
        self._db.put_item(TableName=self._table, Item=to_item({
            "pk": f"THROTTLE#{key}", "sk": "LOCK", "locked_until": until, "expires_at": until}))

    def clear_failures(self, key: str, window: int) -> None:
        self._db.delete_item(TableName=self._table, Key=_key(f"THROTTLE#{key}", f"W#{window}"))

    # --- one-time tokens (e-mail verification, password reset) -----------------------------
    def put_one_time(self, kind: OneTimeKind, token_hash: str, fields: dict[str, Any], expires_at: int) -> None:
        self._put_new(to_item({**{k: v["S"] for k, v in _token_key(kind, token_hash).items()}, **fields,
                               "expires_at": expires_at}))

    def get_one_time(self, kind: OneTimeKind, token_hash: str, now: int) -> dict[str, Any] | None:
        """The token's fields, or None when unknown, used or expired (TTL deletes lazily: expired reads as absent)."""
        item = self._db.get_item(TableName=self._table, Key=_token_key(kind, token_hash),
                                 ConsistentRead=True).get("Item")
        data = from_item(item) if item else None
        return data if data is not None and int(data["expires_at"]) > now else None

    def reset_password(self, token_hash: str, user_id: str, password_hash: str, *, issued_at: str, now: str) -> None:
        """Use the reset token (once) and set the password, in one transaction: only for an active account whose
        password has not changed since the token was issued (a newer reset makes older tokens useless)."""
        items = [
            {"Delete": {"TableName": self._table, "Key": _token_key("RESET", token_hash),
                        "ConditionExpression": "attribute_exists(pk) AND user_id = :uid",
                        "ExpressionAttributeValues": values(uid=user_id)}},
            {"Update": {"TableName": self._table, "Key": profile_key(user_id),
                        "UpdateExpression": "SET password_hash = :h, password_changed_at = :now, updated_at = :now",
                        "ConditionExpression": "attribute_exists(pk) AND #status = :active AND "
                                               "(attribute_not_exists(password_changed_at) OR "
                                               "password_changed_at < :issued)",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": values(h=password_hash, now=now, active="active",
                                                            issued=issued_at)}},
        ]
        try:
            self._db.transact_write_items(TransactItems=items)
        except ClientError as exc:
            if "ConditionalCheckFailed" in cancellation_codes(exc):
                raise errors.InvalidOneTimeToken() from exc
            raise

    def mark_known(self, key: str, until: int) -> None:
        self._db.put_item(TableName=self._table, Item=to_item({"pk": f"THROTTLE#{key}", "sk": "KNOWN",
                                                                "expires_at": until}))
