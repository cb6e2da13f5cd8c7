"""GET /api/home (API.md: "Notifications and home")."""
from flask_login import current_user, login_required

from core.api import returns
from core.db import get_session
from core.extensions import graph
from home import waiting
from home.blueprint import bp
from home.schemas import HomeSchema


@bp.get("/api/home")
@login_required
@returns(HomeSchema)
def home():
    """What waits for me: connection requests, invitations, questions to answer, answers to mine, unread chats."""
    found = waiting.waiting_for(get_session(), graph, current_user)
    # Conversations come as the chat API sends them (times already ISO text), so they pass through as they are.
    return {**HomeSchema(exclude=("unread_conversations",)).dump(found), "unread_conversations": found["unread_conversations"]}
