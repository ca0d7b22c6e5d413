"""Every service of the platform; both renderers (CDK and the local runtime) start here."""

from design_agent.spec import Service

from functions.auth.service import SERVICE as AUTH
from functions.designs.service import SERVICE as DESIGNS
from functions.files.service import SERVICE as FILES
from functions.gateway.service import SERVICE as GATEWAY
from functions.media.service import SERVICE as MEDIA
from functions.notifications.service import SERVICE as NOTIFICATIONS
from functions.storage.service import SERVICE as STORAGE
from functions.tasks.service import SERVICE as TASKS
from functions.users.service import SERVICE as USERS

SERVICES: tuple[Service, ...] = (GATEWAY, AUTH, USERS, STORAGE, FILES, DESIGNS, TASKS, NOTIFICATIONS, MEDIA)


def service(name: str) -> Service:
    for svc in SERVICES:
        if svc.name == name:
            return svc
    raise KeyError(name)
