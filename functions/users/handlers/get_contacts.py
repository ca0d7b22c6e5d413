"""Internal: e-mail address and name of users (for notifications); unknown ids are left out."""

from design_agent.contracts.users import Contact, Contacts, ContactsRequest
from design_agent.internal import internal_handler

from functions.users.deps import UsersDeps


def _contacts(request: ContactsRequest) -> Contacts:
    users = UsersDeps.from_env().repo.get_many(request.user_ids)
    return Contacts(contacts=[Contact(user_id=u.id, email=u.email, username=u.username, status=u.status)
                              for u in users])


handler = internal_handler("users", ContactsRequest, _contacts, operation="GetContacts")
