"""The worker loop as the server runs it: woken by an event, it puts the lead on the board by itself."""
import threading
import time

from crm_sync import outbox
from crm_sync.worker import run_forever


def test_the_running_worker_turns_an_accepted_connection_into_a_lead(crm, app):
    li, token = crm.person("Li Wei")
    org_id = crm.team(token)
    crm.enable(token, org_id)
    stop = threading.Event()
    worker = threading.Thread(target=run_forever, args=(app,), kwargs={"poll": 5.0, "stop": stop}, daemon=True)
    worker.start()
    try:
        buyer, _ = crm.person("Hu Bo")
        crm.connect(li, buyer)
        for _ in range(100):  # the event wakes the worker; no drain call here
            if crm.leads(token, org_id):
                break
            time.sleep(0.05)
        assert [lead["LastName"] for lead in crm.leads(token, org_id)] == ["Hu"]
    finally:
        stop.set()
        outbox.WAKE.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
