"""The actor of writes made by the system itself (demo loader, data migrations)."""


class SystemActor:
    pk = None
    is_superuser = True
    is_authenticated = True
    can_write = True
    organization = None
    organization_id = None

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
