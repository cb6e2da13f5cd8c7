"""The demo's industry community: the demo user's industry channel with a few peers talking in it; the demo user
has not joined yet, so the Communities page shows its Join button and home its checklist step."""
from sqlalchemy.orm import Session

from accounts.models import User
from core import uow
from messaging import communities, service as messaging

TALK = [(0, "大家好，有人知道最近化工阀门的交期吗？"), (1, "Ours are quoting 6 weeks for DN100 ball valves, 4 for gate valves."),
        (2, "REACH paperwork for the new solvent batch is out — ping me if you need the SDS."), (0, "谢谢！阀门的事我私聊你。")]


def load_communities(session: Session, demo: User, users: list[User]) -> None:
    """Peers of the demo user's industry join its community (the first one moderates it) and talk."""
    peers = [u for u in users if u.id != demo.id and u.industry == demo.industry][:3]
    community = communities.ensure_community(session, peers[0].id, demo.industry)
    if community is None or not peers:
        return
    for peer in peers:
        communities.join(session, peer.id, community.id)
    uow.commit(session)  # sends are committed by the chat's own writer
    for who, body in TALK:
        messaging.send_message(session, peers[who % len(peers)].id, community.conversation_id, body, None)
