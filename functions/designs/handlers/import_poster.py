"""Internal: a poster generated for a task (called by the Task service for the worker); once per attempt."""

from design_agent.contracts.designs import ImportedPoster, ImportPosterRequest
from design_agent.internal import internal_handler

from functions.designs.deps import DesignsDeps
from functions.designs.logic.documents import import_poster


def _import(request: ImportPosterRequest) -> ImportedPoster:
    return import_poster(request, DesignsDeps.from_env())


handler = internal_handler("designs", ImportPosterRequest, _import, operation="ImportPoster")
